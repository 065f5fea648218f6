package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.routing.RouteDecision;
import java.util.List;

/**
 * The input tokens of a request as a model's tokenizer counts them (Bedrock's CountTokens), without running it.
 *
 * @param model         the model that counted
 * @param inputTokens   the tokens the request would read
 * @param decision      the route that was followed
 * @param attempts      every try, the one that counted last
 * @param upstreamNanos time spent waiting on Bedrock, over all tries
 */
public record TokenCount(ModelSpec model, int inputTokens, RouteDecision decision, List<Attempt> attempts,
                         long upstreamNanos) {

    public TokenCount {
        attempts = List.copyOf(attempts);
    }
}
