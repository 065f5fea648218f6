package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import tools.jackson.databind.JsonNode;

/** A Bedrock stand-in for adapter tests: records every call and answers each with the same canned result. */
public final class RecordingTransport implements BedrockTransport {

    /** One InvokeModel call as the adapter made it. */
    public record Call(String modelId, byte[] body) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<ConverseRequest> converseCalls = new CopyOnWriteArrayList<>();
    private final InvokeResult invokeAnswer;
    private final ConverseResponse converseAnswer;

    private RecordingTransport(InvokeResult invokeAnswer, ConverseResponse converseAnswer) {
        this.invokeAnswer = invokeAnswer;
        this.converseAnswer = converseAnswer;
    }

    public static RecordingTransport answering(InvokeResult answer) {
        return new RecordingTransport(answer, null);
    }

    public static RecordingTransport answering(ConverseResponse answer) {
        return new RecordingTransport(null, answer);
    }

    @Override
    public Mono<InvokeResult> invoke(String modelId, byte[] body) {
        return Mono.fromSupplier(() -> {
            calls.add(new Call(modelId, body));
            return invokeAnswer;
        });
    }

    @Override
    public Mono<ConverseResponse> converse(ConverseRequest request) {
        return Mono.fromSupplier(() -> {
            converseCalls.add(request);
            return converseAnswer;
        });
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<ConverseRequest> converseCalls() {
        return List.copyOf(converseCalls);
    }

    /** The model id of the last InvokeModel call. */
    public String sentModelId() {
        return calls.get(calls.size() - 1).modelId();
    }

    /** The body of the last InvokeModel call, parsed. */
    public JsonNode sentBody() {
        return NativeJson.MAPPER.readTree(calls.get(calls.size() - 1).body());
    }
}
