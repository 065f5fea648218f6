package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.routing.RouteDecision;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A streamed request that a model has started to answer.
 *
 * @param model         the model that is answering
 * @param events        its stream, from the first event (already received) on; subscribe once
 * @param decision      the route that was followed
 * @param attempts      every try, the one that is streaming last
 * @param upstreamNanos time spent waiting on Bedrock until the first event, over all tries
 */
public record StreamDispatch(ModelSpec model, Flux<StreamEvent> events, RouteDecision decision,
                             List<Attempt> attempts, long upstreamNanos) {

    public StreamDispatch {
        attempts = List.copyOf(attempts);
    }
}
