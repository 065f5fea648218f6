package dev.bedrockgateway.pipeline;

import reactor.core.publisher.Mono;

/** The rest of the chain after one {@link RequestPolicy}, ending in the routing and dispatch of the request. */
@FunctionalInterface
public interface PolicyChain {

    Mono<Served> next(PolicyCall<?> call);
}
