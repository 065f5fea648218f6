package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.routing.RoutingKey;

/**
 * What a request asks for, as the per-key steps judge it before its dispatch: the model it names (by its alias, or by
 * the name it used), or else the route it names or the rules pick. A key's allowed models and its per-model limits
 * are written in these names. Fallbacks the operator configured are not the caller's asking.
 *
 * @param routing  what routing reads of the request
 * @param decision where routing sends it now
 */
record AskedFor(RoutingKey routing, RouteDecision decision) {

    /** Routes the call's request (reading its body) as the dispatch will. */
    static AskedFor of(PolicyCall<?> call, ActiveRouteTable tables) {
        Object request = call.request();
        RoutingKey routing = request instanceof GenerationRequest generation ? RoutingKey.of(generation)
                : RoutingKey.of((EmbeddingRequest) request);
        return new AskedFor(routing, Router.route(tables.current(), routing,
                call.exchange().getRequest().getHeaders()::getFirst));
    }

    /** Whether the request names a model (else a route, named or picked). */
    boolean model() {
        return decision.explicit();
    }

    /** The first model routing would try. */
    ModelSpec firstModel() {
        return decision.candidates().get(0);
    }

    /** The route's name, when the request does not name a model. */
    String route() {
        return decision.route();
    }

    /** The name the request used for its model, when it names one (an alias, a Bedrock id or an ARN). */
    String modelAsNamed() {
        return routing.model();
    }
}
