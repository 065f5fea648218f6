package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import java.util.List;

/**
 * Which models a request will try, in order, and why.
 *
 * @param route      the route's name ("direct" when the caller named a model)
 * @param strategy   how the order was chosen
 * @param candidates models to try, first choice first
 * @param explicit   whether the caller named the model; its own failures then speak for themselves
 */
public record RouteDecision(String route, String strategy, List<ModelSpec> candidates, boolean explicit) {

    public static final String DIRECT = "direct";

    public RouteDecision {
        candidates = List.copyOf(candidates);
    }
}
