package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;

/** What one answer cost in USD, from the catalog's prices. */
public final class Cost {

    /** SDXL's default step count on Bedrock, used for pricing when the request sets none. */
    private static final int DEFAULT_IMAGE_STEPS = 30;

    private Cost() {
    }

    public static double of(ModelSpec model, GenerationRequest request, GenerationResult result) {
        if (model.task() == Task.IMAGE) {
            Integer steps = request.image().steps();
            return model.price().images(result.images().size(), steps == null ? DEFAULT_IMAGE_STEPS : steps);
        }
        return of(model, result.usage());
    }

    /** The cost of a text answer that used these tokens. */
    public static double of(ModelSpec model, Usage usage) {
        return model.price().tokens(usage.inputTokens(), usage.outputTokens());
    }
}
