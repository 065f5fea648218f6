package dev.bedrockgateway.pipeline;

import reactor.core.publisher.Mono;

/**
 * One step of the chain every request runs through around its dispatch, in the spirit of Spring Cloud Gateway's
 * {@code GatewayFilter}: identity, limits, budgets, guardrails, the cache, cost, metrics and the access log are each
 * one of these. {@link RequestPolicies} holds them in their order.
 *
 * <p>A step may
 * <ul>
 *   <li>refuse: answer {@code Mono.error} of a {@link dev.bedrockgateway.core.GatewayException} (or throw one);</li>
 *   <li>rewrite the canonical request: {@code chain.next(call.rewrite(...))};</li>
 *   <li>short-circuit: answer a {@link Served} of its own without calling {@code chain.next};</li>
 *   <li>rewrite the answer on its way back: {@code chain.next(call).map(...)} (cost prices it);</li>
 *   <li>observe what became of the request: {@link #observe}, called for every step, in the chain's order, once the
 *       answer, the failure or each stream milestone is known.</li>
 * </ul>
 */
public interface RequestPolicy {

    /** Runs this step before the rest of the chain; the default goes on with the request as it is. */
    default Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
        return chain.next(call);
    }

    /** Sees one thing that became of the request; the default ignores it. Runs on the thread that saw it: no blocking. */
    default void observe(PolicyCall<?> call, RequestEvent event) {
    }
}
