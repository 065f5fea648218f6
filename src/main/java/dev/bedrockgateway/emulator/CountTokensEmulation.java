package dev.bedrockgateway.emulator;

import java.util.Base64;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Bedrock's CountTokens ({@code POST /model/{modelId}/count-tokens}, body {@code {"input":{"converse":{...}}}} or
 * {@code {"input":{"invokeModel":{"body":"<base64>"}}}}, answer {@code {"inputTokens":n}};
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html). The count is what the same
 * input would read through Converse or InvokeModel, validated the same way. Bedrock counts for Anthropic Claude models
 * only, addressed by their bare foundation-model id
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/count-tokens.html lists only Claude models); any other model,
 * or an inference-profile id, gets its ValidationException.
 */
final class CountTokensEmulation {

    /** Bedrock's message for a model it cannot count for. */
    static final String NOT_SUPPORTED = "The provided model doesn't support counting tokens.";

    private final ConverseEmulation converse;
    private final Function<EmulatedModel, NativeEmulation> invokeFormat;

    CountTokensEmulation(ConverseEmulation converse, Function<EmulatedModel, NativeEmulation> invokeFormat) {
        this.converse = converse;
        this.invokeFormat = invokeFormat;
    }

    EmulatedAnswer answer(String modelId, EmulatedModel model, JsonNode body) {
        if (!modelId.startsWith("anthropic.")) {
            throw BedrockError.validation(NOT_SUPPORTED);
        }
        JsonNode input = body.get("input");
        if (input == null || !input.isObject() || input.size() != 1) {
            throw BedrockError.validation("1 validation error detected: Value at 'input' failed to satisfy constraint:"
                    + " Member must have exactly one of converse or invokeModel set");
        }
        int inputTokens;
        if (input.has("converse")) {
            inputTokens = converse.answer(model, input.get("converse"), false).inputTokens();
        } else if (input.has("invokeModel")) {
            JsonNode blob = input.get("invokeModel").path("body");
            if (!blob.isString() || !EmulatorJson.isBase64(blob.asString())) {
                throw BedrockError.validation("1 validation error detected: Value at 'input.invokeModel.body' failed"
                        + " to satisfy constraint: Member must not be null");
            }
            JsonNode nativeBody = EmulatorJson.parseBody(Base64.getDecoder().decode(blob.asString()));
            inputTokens = invokeFormat.apply(model).answer(model, nativeBody).inputTokens();
        } else {
            throw BedrockError.validation("Unknown member of input: " + input.propertyNames().iterator().next());
        }
        return new EmulatedAnswer(EmulatorJson.object().put("inputTokens", inputTokens), inputTokens, 0);
    }
}
