package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.OBJECT;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import dev.bedrockgateway.catalog.ConverseFeatures;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon Titan Text InvokeModel: {@code {"inputText","textGenerationConfig":{...}}} → {@code {"inputTextTokenCount","results":[…]}}.
 * The gateway reaches Titan through Converse; this exists so a hand-written Titan body also gets a faithful answer.
 */
final class TitanTextEmulation implements NativeEmulation {

    static final BodySchema GENERATION_CONFIG = BodySchema.of(
            optional("maxTokenCount", INTEGER).range(0, 8192),
            optional("temperature", NUMBER).range(0, 1),
            optional("topP", NUMBER).range(0, 1),
            optional("stopSequences", ARRAY).items(STRING));

    static final BodySchema SCHEMA = BodySchema.of(
            required("inputText", STRING),
            optional("textGenerationConfig", OBJECT).nested(GENERATION_CONFIG));

    /** Titan's documented default maxTokenCount. */
    static final int DEFAULT_MAX_TOKEN_COUNT = 512;

    /** Model ids whose InvokeModel body is this format. */
    static boolean speaks(EmulatedModel model) {
        return model.baseModelId() != null && model.baseModelId().startsWith("amazon.titan-text-");
    }

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        SCHEMA.validate(body);
        ModelRequestFields.checkStopSequences(ConverseFeatures.TITAN_STOP_SEQUENCES,
                EmulatorJson.strings(body.path("textGenerationConfig"), "stopSequences"), "");

        String inputText = body.get("inputText").asString();
        JsonNode config = body.path("textGenerationConfig");
        GeneratedText text = SyntheticText.generate(model.modelId(), inputText, inputText,
                config.path("maxTokenCount").asInt(DEFAULT_MAX_TOKEN_COUNT), EmulatorJson.strings(config, "stopSequences"));
        int inputTokens = EmulatorTokens.count(inputText);

        ObjectNode answer = EmulatorJson.object().put("inputTextTokenCount", inputTokens);
        answer.putArray("results").addObject()
                .put("tokenCount", text.outputTokens())
                .put("outputText", text.text())
                .put("completionReason", switch (text.ending()) {
                    case END -> "FINISH";
                    case LENGTH -> "LENGTH";
                    case STOP_SEQUENCE -> "STOP_CRITERIA_MET";
                });
        return new EmulatedAnswer(answer, inputTokens, text.outputTokens());
    }

    /** Chunks {outputText, index, totalOutputTextTokenCount, completionReason (last only), inputTextTokenCount (first only)}. */
    @Override
    public List<StreamEvent> streamChunks(EmulatedAnswer answer) {
        JsonNode result = answer.body().get("results").get(0);
        Integer inputTokens = answer.inputTokens();
        List<StreamEvent> chunks = new ArrayList<>(StreamEvent.perPiece(StreamEvent.CHUNK, result.get("outputText").asString(),
                (piece, generated) -> chunk(piece, generated, null, generated == 1 ? inputTokens : null)));
        chunks.add(StreamEvent.chunk(chunk("", answer.outputTokens(), result.get("completionReason").asString(),
                chunks.isEmpty() ? inputTokens : null)));
        return chunks;
    }

    private static ObjectNode chunk(String text, int tokensSoFar, String completionReason, Integer inputTokens) {
        return EmulatorJson.object()
                .put("outputText", text)
                .put("index", 0)
                .put("totalOutputTextTokenCount", tokensSoFar)
                .put("completionReason", completionReason)
                .put("inputTextTokenCount", inputTokens);
    }
}
