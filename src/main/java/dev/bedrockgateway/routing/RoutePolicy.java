package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import java.util.List;

/** One routing strategy: the order in which a route's models are tried for one request. */
public interface RoutePolicy {

    /** The strategy's name as configuration and answers spell it. */
    String name();

    /** The route's targets, first choice first; every target stays in the list as a fallback. */
    List<ModelSpec> order(List<ModelSpec> targets, RoutingKey request);
}
