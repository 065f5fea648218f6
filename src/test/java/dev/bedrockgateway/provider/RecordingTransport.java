package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import tools.jackson.databind.JsonNode;

/** A Bedrock stand-in for adapter tests: keeps the InvokeModel body it was sent and answers with a fixed result. */
public final class RecordingTransport implements BedrockTransport {

    private final InvokeResult answer;
    private volatile String modelId;
    private volatile JsonNode body;

    public RecordingTransport(InvokeResult answer) {
        this.answer = answer;
    }

    @Override
    public Mono<InvokeResult> invoke(String modelId, byte[] body) {
        this.modelId = modelId;
        this.body = NativeJson.MAPPER.readTree(body);
        return Mono.just(answer);
    }

    @Override
    public Mono<ConverseResponse> converse(ConverseRequest request) {
        return Mono.error(new AssertionError("an InvokeModel adapter must not call Converse"));
    }

    public String sentModelId() {
        return modelId;
    }

    public JsonNode sentBody() {
        return body;
    }
}
