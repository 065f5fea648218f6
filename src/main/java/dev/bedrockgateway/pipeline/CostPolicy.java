package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.telemetry.Cost;
import reactor.core.publisher.Mono;

/**
 * Prices a whole answer on its way back, from the catalog's prices, before metrics and the access log record it. A
 * stream's cost is known only at its end event: {@link ServedStream#cost} prices it there.
 */
final class CostPolicy implements RequestPolicy {

    @Override
    public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
        return chain.next(call).map(CostPolicy::priced);
    }

    private static Served priced(Served served) {
        if (served instanceof ServedRequest answer) {
            return answer.priced(Cost.of(answer.dispatch().model(), answer.request(), answer.dispatch().result()));
        }
        if (served instanceof ServedEmbeddings embeddings) {
            return embeddings.priced(Cost.of(embeddings.dispatch().model(), embeddings.dispatch().result().usage()));
        }
        return served;
    }
}
