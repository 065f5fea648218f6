package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelIds;
import java.util.Map;

/**
 * Resolves the model identifier in a request path to a family: configured explicitly (catalog entries that name their
 * family), or inferred from the id of a model Bedrock serves.
 */
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
        // an ARN that hides its model cannot be emulated without configuration; an id Bedrock does not serve is
        // refused with Bedrock's words rather than answered as if the model existed
        if (base == null || !KnownModels.exists(base)) {
            throw BedrockError.validation(KnownModels.INVALID_MODEL_ID);
        }
        return new EmulatedModel(modelId, base, ModelFamily.fromModelId(base));
    }

    /** The base model id of an identifier, or null when it hides it; used to match fault plans. */
    static String baseOf(String modelId) {
        return ModelIds.baseModelId(modelId);
    }
}
