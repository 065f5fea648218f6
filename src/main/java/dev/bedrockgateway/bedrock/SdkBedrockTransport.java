package dev.bedrockgateway.bedrock;

import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/** Bedrock calls through the AWS SDK's async client, with failures mapped by {@link BedrockErrors}. */
@Component
public class SdkBedrockTransport implements BedrockTransport {

    static final String INPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Input-Token-Count";
    static final String OUTPUT_TOKENS_HEADER = "X-Amzn-Bedrock-Output-Token-Count";
    private static final String JSON = "application/json";

    private final BedrockRuntimeAsyncClient client;

    public SdkBedrockTransport(BedrockRuntimeAsyncClient client) {
        this.client = client;
    }

    @Override
    public Mono<InvokeResult> invoke(String modelId, byte[] body) {
        return Mono.fromFuture(() -> client.invokeModel(request -> request
                        .modelId(modelId)
                        .contentType(JSON)
                        .accept(JSON)
                        .body(SdkBytes.fromByteArrayUnsafe(body))))
                .map(SdkBedrockTransport::toInvokeResult)
                .onErrorMap(error -> BedrockErrors.map(modelId, error));
    }

    @Override
    public Mono<ConverseResponse> converse(ConverseRequest request) {
        return Mono.fromFuture(() -> client.converse(request))
                .onErrorMap(error -> BedrockErrors.map(request.modelId(), error));
    }

    private static InvokeResult toInvokeResult(InvokeModelResponse response) {
        return new InvokeResult(response.body().asByteArrayUnsafe(),
                intHeader(response, INPUT_TOKENS_HEADER), intHeader(response, OUTPUT_TOKENS_HEADER));
    }

    private static Integer intHeader(InvokeModelResponse response, String name) {
        Optional<String> value = response.sdkHttpResponse().firstMatchingHeader(name);
        try {
            return value.map(String::trim).map(Integer::valueOf).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
