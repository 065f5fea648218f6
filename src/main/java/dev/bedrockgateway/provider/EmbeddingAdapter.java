package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.EmbeddingResult;
import reactor.core.publisher.Mono;

/**
 * Translates the canonical embedding request into one embedding family's InvokeModel calls and their answers back.
 * A family takes a fixed number of texts per call, so one request may take several calls; the adapter decides how
 * many and puts the vectors back in the inputs' order.
 */
public interface EmbeddingAdapter {

    /**
     * Calls that one request may have in flight at once: enough to embed a long list quickly, few enough that one
     * request cannot take every bulkhead slot of the model (gateway.resilience max-concurrent-calls, 64 by default).
     */
    int CONCURRENT_CALLS = 8;

    ModelFamily family();

    /**
     * Embeds every input.
     *
     * @param call InvokeModel of this model, already behind the model's guards: each call is retried, timed and
     *             judged by the circuit breaker on its own
     */
    Mono<EmbeddingResult> embed(EmbeddingRequest request, ModelSpec model, InvokeCall call);
}
