package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.routing.RouteDecision;
import java.util.List;

/**
 * A request that a model answered.
 *
 * @param model         the model that answered
 * @param result        its answer
 * @param decision      the route that was followed
 * @param attempts      every try, the successful one last
 * @param upstreamNanos time spent waiting on Bedrock over all tries
 */
public record Dispatch(ModelSpec model, GenerationResult result, RouteDecision decision, List<Attempt> attempts,
                       long upstreamNanos) {

    public Dispatch {
        attempts = List.copyOf(attempts);
    }
}
