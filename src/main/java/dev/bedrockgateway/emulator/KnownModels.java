package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import java.util.List;
import java.util.Map;

/**
 * The Bedrock models the emulator answers for, and the limits Bedrock holds them to: a model id Bedrock does not
 * serve is refused as Bedrock refuses it, whichever operation names it.
 */
final class KnownModels {

    /**
     * Bedrock's answer to a model id it does not serve, on InvokeModel and Converse alike (a ValidationException, not
     * a ResourceNotFoundException: reported against Bedrock in https://github.com/Kilo-Org/kilocode/issues/586 and
     * https://github.com/aws-samples/amazon-bedrock-workshop/issues/315).
     */
    static final String INVALID_MODEL_ID = "The provided model identifier is invalid.";

    /**
     * The model-id prefixes of the models Bedrock serves on demand
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html), for the families the emulator speaks and
     * the Converse-only models it answers through Converse.
     */
    private static final List<String> MODEL_ID_PREFIXES = List.of(
            "ai21.jamba-",
            "amazon.nova-",
            "amazon.titan-text-",
            "amazon.titan-embed-text-v2",
            "anthropic.claude-",
            "cohere.command-r",
            "cohere.embed-",
            "meta.llama3",
            "meta.llama4",
            "mistral.",
            "stability.stable-diffusion-xl");

    /**
     * Most output tokens per model, beyond which Converse answers "The maximum tokens you requested exceeds the model
     * limit of N" (the wording Bedrock gave for Titan Text Premier through Converse,
     * https://github.com/aws-samples/generative-ai-use-cases/issues/594). Titan: maxTokenCount's maximum per model,
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html; Llama: max_gen_len's
     * maximum, https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html; Command R: max_tokens'
     * maximum, https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html;
     * Mistral Large: max_tokens' maximum as its InvokeModel schema here has it. Claude's are ClaudeEmulation's.
     */
    private static final List<Map.Entry<String, Integer>> OUTPUT_LIMITS = List.of(
            Map.entry("amazon.titan-text-lite", 4_096),
            Map.entry("amazon.titan-text-express", 8_192),
            Map.entry("amazon.titan-text-premier", 3_072),
            Map.entry("meta.llama3", 2_048),
            Map.entry("cohere.command-r", 4_000),
            Map.entry("mistral.mistral-large-2402", 8_192));

    /**
     * Input tokens per model, beyond which Bedrock answers "Input is too long for requested model." (its
     * ValidationException for a prompt over the context window). Titan Text Lite 4K, Express 8K, Premier 32K:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/titan-text-models.html; Llama 3 8B and 70B Instruct 8K
     * (Meta's model configuration, max_position_embeddings 8192), Llama 3.1 128K:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-meta-llama-3-1-70b-instruct.html. Other models'
     * windows are not checked (the emulator counts words, and their windows are far larger than any test sends).
     */
    private static final List<Map.Entry<String, Integer>> CONTEXT_WINDOWS = List.of(
            Map.entry("amazon.titan-text-lite", 4_096),
            Map.entry("amazon.titan-text-express", 8_192),
            Map.entry("amazon.titan-text-premier", 32_000),
            Map.entry("meta.llama3-1", 128_000),
            Map.entry("meta.llama3-8b", 8_192),
            Map.entry("meta.llama3-70b", 8_192));

    static final String INPUT_TOO_LONG = "Input is too long for requested model.";

    private KnownModels() {
    }

    /** Whether Bedrock serves a model of this plain id (the id without a cross-region prefix). */
    static boolean exists(String baseModelId) {
        return MODEL_ID_PREFIXES.stream().anyMatch(baseModelId::startsWith);
    }

    /** The most output tokens Converse lets a model be asked for, or null when the emulator does not check it. */
    static Integer outputLimit(EmulatedModel model) {
        if (model.family() == ModelFamily.ANTHROPIC) {
            return ClaudeEmulation.outputLimit(model);
        }
        return byPrefix(OUTPUT_LIMITS, model);
    }

    /** Refuses a request whose input is over the model's context window, in Bedrock's words. */
    static void checkContextWindow(EmulatedModel model, int inputTokens) {
        Integer window = byPrefix(CONTEXT_WINDOWS, model);
        if (window != null && inputTokens > window) {
            throw BedrockError.validation(INPUT_TOO_LONG);
        }
    }

    private static Integer byPrefix(List<Map.Entry<String, Integer>> table, EmulatedModel model) {
        if (model.baseModelId() == null) {
            return null;
        }
        return table.stream()
                .filter(entry -> model.baseModelId().startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
