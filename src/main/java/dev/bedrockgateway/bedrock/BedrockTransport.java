package dev.bedrockgateway.bedrock;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/**
 * The calls adapters make to Bedrock. Failures arrive as {@link dev.bedrockgateway.core.GatewayException}
 * already mapped to the gateway's error kinds, so no adapter handles an SDK exception.
 */
public interface BedrockTransport {

    /** InvokeModel with a native JSON body. */
    Mono<InvokeResult> invoke(String modelId, byte[] body);

    /** Converse; the request names its model. */
    Mono<ConverseResponse> converse(ConverseRequest request);

    /**
     * InvokeModelWithResponseStream: the family's chunk JSON of each {@code chunk} event, as it arrives. Cancelling
     * the Flux ends the call; a failure before or during the stream (an exception frame too) arrives mapped.
     */
    Flux<byte[]> invokeStream(String modelId, byte[] body);

    /**
     * CountTokens: the input tokens a Converse or InvokeModel input would read, without running the model. Only some
     * models count (Bedrock refuses the others with a ValidationException); a transport that cannot call Bedrock at all
     * (a test's recording double) refuses every count.
     */
    default Mono<CountTokensResponse> countTokens(CountTokensRequest request) {
        return Mono.error(new UnsupportedOperationException("this transport does not count tokens"));
    }

    /** ConverseStream: each event of the stream as the SDK decodes it, with the same cancel and error contract. */
    Flux<ConverseStreamOutput> converseStream(ConverseStreamRequest request);
}
