package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.Task;
import java.util.List;
import java.util.Map;

/**
 * A configured route, compiled: its strategy and its targets in configured order.
 *
 * @param weights for the weighted strategy, by alias (empty otherwise)
 * @param sticky  for the weighted strategy: the same metadata.user always gets the same first choice
 */
public record NamedRoute(String name, RoutePolicy policy, List<ModelSpec> targets, Map<String, Integer> weights,
                         boolean sticky) {

    public NamedRoute {
        targets = List.copyOf(targets);
        weights = Map.copyOf(weights);
    }

    public Task task() {
        return targets.get(0).task();
    }
}
