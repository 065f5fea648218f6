package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import java.util.Comparator;
import java.util.List;

/**
 * Fastest first, by the latency the gateway has observed. A model with no observation yet goes first
 * (in configured order), so every target gets measured once and a slowed-down favourite is noticed.
 */
public final class FastestPolicy implements RoutePolicy {

    public static final String NAME = "fastest";

    private final LatencyTracker latencies;

    public FastestPolicy(LatencyTracker latencies) {
        this.latencies = latencies;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelSpec> order(List<ModelSpec> targets, RoutingKey request) {
        return targets.stream()
                .sorted(Comparator.comparingDouble(model -> latencies.averageMillis(model.alias()).orElse(-1)))
                .toList();
    }
}
