package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.zip.CRC32;

/**
 * An A/B split: the first choice is drawn by weight, the other targets follow in configured order as
 * fallbacks. When sticky, a caller's {@code metadata.user} always draws the same first choice.
 */
public final class WeightedPolicy implements RoutePolicy {

    public static final String NAME = "weighted";

    private final Map<String, Integer> weights;
    private final boolean sticky;
    private final DoubleSupplier random;

    /**
     * @param weights by alias; a target without a weight weighs 1
     * @param random  uniform draws in [0, 1), seeded in tests
     */
    public WeightedPolicy(Map<String, Integer> weights, boolean sticky, DoubleSupplier random) {
        this.weights = Map.copyOf(weights);
        this.sticky = sticky;
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelSpec> order(List<ModelSpec> targets, RoutingKey request) {
        String user = request.metadata().user();
        double point = sticky && user != null ? stablePoint(user) : random.getAsDouble();
        ModelSpec first = draw(targets, point);
        List<ModelSpec> ordered = new ArrayList<>(targets.size());
        ordered.add(first);
        targets.stream().filter(target -> target != first).forEach(ordered::add);
        return ordered;
    }

    private ModelSpec draw(List<ModelSpec> targets, double point) {
        int total = targets.stream().mapToInt(this::weight).sum();
        double threshold = point * total;
        int cumulative = 0;
        for (ModelSpec target : targets) {
            cumulative += weight(target);
            if (threshold < cumulative) {
                return target;
            }
        }
        return targets.get(targets.size() - 1);
    }

    private int weight(ModelSpec target) {
        return weights.getOrDefault(target.alias(), 1);
    }

    /** The same user always lands on the same point in [0, 1), so the same model, across replicas too. */
    static double stablePoint(String user) {
        CRC32 crc = new CRC32();
        crc.update(user.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() / (double) (1L << 32);
    }
}
