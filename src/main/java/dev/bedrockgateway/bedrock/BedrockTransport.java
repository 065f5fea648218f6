package dev.bedrockgateway.bedrock;

import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;

/**
 * The calls adapters make to Bedrock. Failures arrive as {@link dev.bedrockgateway.core.GatewayException}
 * already mapped to the gateway's error kinds, so no adapter handles an SDK exception.
 */
public interface BedrockTransport {

    /** InvokeModel with a native JSON body. */
    Mono<InvokeResult> invoke(String modelId, byte[] body);

    /** Converse; the request names its model. */
    Mono<ConverseResponse> converse(ConverseRequest request);
}
