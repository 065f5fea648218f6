package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelIds;
import java.util.Map;

/** Resolves the model identifier in a request path to a family: configured explicitly, or inferred from the id. */
final class EmulatedModels {

    private final Map<String, ModelFamily> configured;

    EmulatedModels(Map<String, ModelFamily> configured) {
        this.configured = Map.copyOf(configured);
    }

    EmulatedModel resolve(String modelId) {
        String base = ModelIds.baseModelId(modelId);
        ModelFamily family = configured.get(modelId);
        if (family != null) {
            return new EmulatedModel(modelId, base, family);
        }
        // every Bedrock model id is "<provider>.<name>"; an ARN that hides it cannot be emulated without configuration
        if (base == null || base.indexOf('.') <= 0) {
            throw BedrockError.validation("The provided model identifier is invalid.");
        }
        return new EmulatedModel(modelId, base, ModelFamily.fromModelId(base));
    }

    /** The base model id of an identifier, or null when it hides it; used to match fault plans. */
    static String baseOf(String modelId) {
        return ModelIds.baseModelId(modelId);
    }
}
