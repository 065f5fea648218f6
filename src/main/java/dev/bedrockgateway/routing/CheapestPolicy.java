package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import java.util.Comparator;
import java.util.List;

/** Cheapest first, by what this request would cost on each model at catalog prices. */
public final class CheapestPolicy implements RoutePolicy {

    public static final String NAME = "cheapest";

    /** Output assumed for a request that sets no max_tokens: a typical chat answer, not the model's maximum. */
    static final int ASSUMED_OUTPUT_TOKENS = 512;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ModelSpec> order(List<ModelSpec> targets, RoutingKey request) {
        int input = request.estimatedInputTokens();
        Integer maxTokens = request.maxOutputTokens();
        int output = maxTokens != null ? maxTokens : ASSUMED_OUTPUT_TOKENS;
        // A stable sort: models that cost the same keep their configured order.
        return targets.stream()
                .sorted(Comparator.comparingDouble(model -> estimatedCost(model, input, output)))
                .toList();
    }

    static double estimatedCost(ModelSpec model, int inputTokens, int outputTokens) {
        return model.price().tokens(inputTokens, outputTokens);
    }
}
