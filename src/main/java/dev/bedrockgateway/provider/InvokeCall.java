package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.InvokeResult;
import reactor.core.publisher.Mono;

/** One InvokeModel call of one model with a native JSON body, as the dispatcher hands it to an adapter. */
@FunctionalInterface
public interface InvokeCall {

    Mono<InvokeResult> invoke(byte[] body);
}
