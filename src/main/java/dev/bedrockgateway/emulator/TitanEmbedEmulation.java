package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.BOOLEAN;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon Titan Text Embeddings v2 InvokeModel: {@code {"inputText","dimensions","normalize","embeddingTypes"}} →
 * {@code {"embedding","inputTextTokenCount","embeddingsByType"}}, one text per call. It cannot stream.
 */
final class TitanEmbedEmulation implements NativeEmulation {

    static final BodySchema SCHEMA = BodySchema.of(
            required("inputText", STRING),
            optional("dimensions", INTEGER).oneOf("1024", "512", "256"),
            optional("normalize", BOOLEAN),
            optional("embeddingTypes", ARRAY).items(STRING).oneOf("float", "binary"));

    static final int DEFAULT_DIMENSIONS = 1024;
    static final int MAX_INPUT_CHARS = 50_000;
    static final int MAX_INPUT_TOKENS = 8_192;

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        validate(body);
        String text = body.get("inputText").asString();
        int tokens = EmulatorTokens.count(text);
        if (tokens > MAX_INPUT_TOKENS) {
            throw BedrockError.validation("400 Bad Request: Too many input tokens. Max input tokens: " + MAX_INPUT_TOKENS
                    + ", request input token count: " + tokens);
        }
        float[] vector = SyntheticVectors.of(List.of(model.nameForMatching(), text),
                body.path("dimensions").asInt(DEFAULT_DIMENSIONS), body.path("normalize").asBoolean(true));
        ObjectNode answer = EmulatorJson.object();
        answer.set("embedding", SyntheticVectors.floats(vector));
        answer.put("inputTextTokenCount", tokens);
        // always there, with "float" even when embeddingTypes did not ask for it
        ObjectNode byType = answer.putObject("embeddingsByType");
        byType.set("float", SyntheticVectors.floats(vector));
        if (EmulatorJson.strings(body, "embeddingTypes").contains("binary")) {
            byType.set("binary", SyntheticVectors.signBits(vector));
        }
        return new EmulatedAnswer(answer, tokens, 0);
    }

    private static void validate(JsonNode body) {
        Violations violations = new Violations();
        SCHEMA.check(body, List.of(), violations);
        if (violations.isEmpty()) {
            int length = body.get("inputText").asString().length();
            if (length == 0 || length > MAX_INPUT_CHARS) {
                violations.invalid(List.of("inputText"), length == 0 ? "expected minLength: 1, actual: 0"
                        : "expected maxLength: " + MAX_INPUT_CHARS + ", actual: " + length);
            }
        }
        violations.throwAsMalformedInput();
    }
}
