package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Meta Llama 3 InvokeModel: {@code {"prompt","max_gen_len","temperature","top_p"}} → {@code {"generation",...}}. */
final class LlamaEmulation implements NativeEmulation {

    static final BodySchema SCHEMA = BodySchema.of(
            required("prompt", STRING),
            optional("max_gen_len", INTEGER).range(1, 2048),
            optional("temperature", NUMBER).range(0, 1),
            optional("top_p", NUMBER).range(0, 1));

    /** Bedrock's documented default for max_gen_len. */
    static final int DEFAULT_MAX_GEN_LEN = 512;

    private static final String USER_HEADER = "<|start_header_id|>user<|end_header_id|>";
    private static final String END_OF_TURN = "<|eot_id|>";

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        SCHEMA.validate(body);

        String prompt = body.get("prompt").asString();
        int maxGenLen = body.path("max_gen_len").asInt(DEFAULT_MAX_GEN_LEN);
        GeneratedText text = SyntheticText.generate(model.modelId(), lastUserTurn(prompt), prompt, maxGenLen, List.of());
        int inputTokens = EmulatorTokens.count(prompt);

        ObjectNode answer = EmulatorJson.object()
                .put("generation", text.text())
                .put("prompt_token_count", inputTokens)
                .put("generation_token_count", text.outputTokens())
                .put("stop_reason", text.ending() == GeneratedText.Ending.LENGTH ? "length" : "stop");
        return new EmulatedAnswer(answer, inputTokens, text.outputTokens());
    }

    /** Chunks {generation, prompt_token_count (first chunk only), generation_token_count (so far), stop_reason (last only)}. */
    @Override
    public List<StreamEvent> streamChunks(EmulatedAnswer answer) {
        Integer promptTokens = answer.inputTokens();
        List<StreamEvent> chunks = new ArrayList<>(StreamEvent.perPiece(StreamEvent.CHUNK, answer.body().get("generation").asString(),
                (piece, generated) -> chunk(piece, generated == 1 ? promptTokens : null, generated, null)));
        chunks.add(StreamEvent.chunk(chunk("", chunks.isEmpty() ? promptTokens : null, answer.outputTokens(),
                answer.body().get("stop_reason").asString())));
        return chunks;
    }

    private static ObjectNode chunk(String generation, Integer promptTokens, int generatedTokens, String stopReason) {
        return EmulatorJson.object()
                .put("generation", generation)
                .put("prompt_token_count", promptTokens)
                .put("generation_token_count", generatedTokens)
                .put("stop_reason", stopReason);
    }

    /** The last user turn of a Llama 3 chat template, or the whole prompt when it uses no template. */
    static String lastUserTurn(String prompt) {
        int header = prompt.lastIndexOf(USER_HEADER);
        if (header < 0) {
            return prompt;
        }
        int start = header + USER_HEADER.length();
        int end = prompt.indexOf(END_OF_TURN, start);
        return (end < 0 ? prompt.substring(start) : prompt.substring(start, end)).strip();
    }
}
