package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Mistral Large (2402) InvokeModel, text format: {@code {"prompt":"<s>[INST] … [/INST]",...}} → {@code {"outputs":[…]}}. */
final class MistralEmulation implements NativeEmulation {

    static final BodySchema SCHEMA = BodySchema.of(
            required("prompt", STRING),
            optional("max_tokens", INTEGER).range(1, 8192),
            optional("temperature", NUMBER).range(0, 1),
            optional("top_p", NUMBER).range(0, 1),
            optional("top_k", INTEGER).range(1, 200),
            optional("stop", ARRAY).items(STRING));

    /** Bedrock's documented default max_tokens for Mistral Large. */
    static final int DEFAULT_MAX_TOKENS = 8192;

    private static final String INST_OPEN = "[INST]";
    private static final String INST_CLOSE = "[/INST]";

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        SCHEMA.validate(body);

        String prompt = body.get("prompt").asString();
        int maxTokens = body.path("max_tokens").asInt(DEFAULT_MAX_TOKENS);
        List<String> stops = EmulatorJson.strings(body, "stop");
        GeneratedText text = SyntheticText.generate(model.modelId(), lastUserTurn(prompt), prompt, maxTokens, stops);

        ObjectNode answer = EmulatorJson.object();
        answer.putArray("outputs").addObject()
                .put("text", text.text())
                .put("stop_reason", text.ending() == GeneratedText.Ending.LENGTH ? "length" : "stop");
        // Mistral's body has no token counts: they travel only in the X-Amzn-Bedrock-*-Token-Count headers
        return new EmulatedAnswer(answer, EmulatorTokens.count(prompt), text.outputTokens());
    }

    /** Chunks {outputs:[{text, stop_reason}]}, the stop reason null until the closing chunk. */
    @Override
    public List<StreamEvent> streamChunks(EmulatedAnswer answer) {
        JsonNode output = answer.body().get("outputs").get(0);
        List<StreamEvent> chunks = new ArrayList<>(StreamEvent.perPiece(StreamEvent.CHUNK, output.get("text").asString(),
                (piece, generated) -> chunk(piece, null)));
        chunks.add(StreamEvent.chunk(chunk("", output.get("stop_reason").asString())));
        return chunks;
    }

    private static ObjectNode chunk(String text, String stopReason) {
        ObjectNode chunk = EmulatorJson.object();
        chunk.putArray("outputs").addObject().put("text", text).put("stop_reason", stopReason);
        return chunk;
    }

    /** The text of the last {@code [INST] … [/INST]} block, or the whole prompt when there is none. */
    static String lastUserTurn(String prompt) {
        int open = prompt.lastIndexOf(INST_OPEN);
        if (open < 0) {
            return prompt;
        }
        int start = open + INST_OPEN.length();
        int end = prompt.indexOf(INST_CLOSE, start);
        return (end < 0 ? prompt.substring(start) : prompt.substring(start, end)).strip();
    }
}
