package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
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
    private final List<byte[]> chunks;
    private final List<ConverseStreamOutput> converseEvents;
    /** Whether a stream, once its events are sent, stays open instead of completing (a lost end of stream). */
    private final boolean neverEnds;

    private RecordingTransport(InvokeResult invokeAnswer, ConverseResponse converseAnswer, List<byte[]> chunks,
                               List<ConverseStreamOutput> converseEvents, boolean neverEnds) {
        this.invokeAnswer = invokeAnswer;
        this.converseAnswer = converseAnswer;
        this.chunks = chunks;
        this.converseEvents = converseEvents;
        this.neverEnds = neverEnds;
    }

    private RecordingTransport(InvokeResult invokeAnswer, ConverseResponse converseAnswer) {
        this(invokeAnswer, converseAnswer, List.of(), List.of(), false);
    }

    /** Answers InvokeModelWithResponseStream with these chunk payloads. */
    public static RecordingTransport streaming(List<byte[]> chunks) {
        return new RecordingTransport(null, null, chunks, List.of(), false);
    }

    /** Sends these chunk payloads, then neither completes nor fails: the SDK's end of stream never comes. */
    public static RecordingTransport streamingWithoutEnd(List<byte[]> chunks) {
        return new RecordingTransport(null, null, chunks, List.of(), true);
    }

    /** Sends these ConverseStream events, then neither completes nor fails. */
    public static RecordingTransport streamingConverseWithoutEnd(List<ConverseStreamOutput> events) {
        return new RecordingTransport(null, null, List.of(), events, true);
    }

    /** Answers ConverseStream with these events. */
    public static RecordingTransport streamingConverse(List<ConverseStreamOutput> events) {
        return new RecordingTransport(null, null, List.of(), events, false);
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

    @Override
    public Flux<byte[]> invokeStream(String modelId, byte[] body) {
        return Flux.defer(() -> {
            calls.add(new Call(modelId, body));
            return ending(Flux.fromIterable(chunks));
        });
    }

    @Override
    public Flux<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
        return ending(Flux.fromIterable(converseEvents));
    }

    private <T> Flux<T> ending(Flux<T> events) {
        return neverEnds ? events.concatWith(Flux.never()) : events;
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
