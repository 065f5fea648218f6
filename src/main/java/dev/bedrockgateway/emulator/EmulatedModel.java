package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;

/**
 * The model a request names, as the emulator understands it.
 *
 * @param modelId     the identifier exactly as the caller sent it (id, inference-profile id or ARN)
 * @param baseModelId the plain model id inside it, or null for an opaque ARN
 * @param family      the native format it speaks
 */
record EmulatedModel(String modelId, String baseModelId, ModelFamily family) {

    /** The most specific name available, for matching by prefix ("anthropic.claude-3-5-..."). */
    String nameForMatching() {
        return baseModelId == null ? modelId : baseModelId;
    }
}
