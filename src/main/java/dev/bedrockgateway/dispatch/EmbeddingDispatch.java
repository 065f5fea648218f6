package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.routing.RouteDecision;
import java.util.List;

/**
 * An embedding request that a model answered.
 *
 * @param model         the model that answered
 * @param result        its vectors
 * @param decision      the route that was followed
 * @param attempts      every try, the successful one last
 * @param upstreamNanos time spent waiting on Bedrock over all tries
 */
public record EmbeddingDispatch(ModelSpec model, EmbeddingResult result, RouteDecision decision,
                                List<Attempt> attempts, long upstreamNanos) {

    public EmbeddingDispatch {
        attempts = List.copyOf(attempts);
    }
}
