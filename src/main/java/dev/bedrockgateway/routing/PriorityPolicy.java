package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import java.util.List;

/** The configured order: an ordered fallback chain. */
public final class PriorityPolicy implements RoutePolicy {

    public static final String NAME = "priority";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelSpec> order(List<ModelSpec> targets, RoutingKey request) {
        return targets;
    }
}
