package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.BOOLEAN;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.OBJECT;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Cohere Command R / R+ InvokeModel: {@code {"message","chat_history","preamble",...}} → {@code {"text","finish_reason",...}}. */
final class CohereEmulation implements NativeEmulation {

    static final BodySchema CHAT_TURN = BodySchema.of(
            required("role", STRING).oneOf("USER", "CHATBOT", "SYSTEM", "TOOL"),
            optional("message", STRING),
            optional("tool_calls", ARRAY).items(OBJECT),
            optional("tool_results", ARRAY).items(OBJECT));

    static final BodySchema SCHEMA = BodySchema.of(
            required("message", STRING),
            optional("chat_history", ARRAY).items(OBJECT).nested(CHAT_TURN),
            optional("preamble", STRING),
            optional("documents", ARRAY).items(OBJECT),
            optional("search_queries_only", BOOLEAN),
            // max_tokens up to 4,000 and k a float from 0 to 500:
            // https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html
            optional("max_tokens", INTEGER).range(1, 4000),
            optional("temperature", NUMBER).range(0, 1),
            optional("p", NUMBER).range(0.01, 0.99),
            optional("k", NUMBER).range(0, 500),
            optional("prompt_truncation", STRING).oneOf("OFF", "AUTO_PRESERVE_ORDER"),
            optional("frequency_penalty", NUMBER).range(0, 1),
            optional("presence_penalty", NUMBER).range(0, 1),
            optional("seed", INTEGER),
            optional("return_prompt", BOOLEAN),
            optional("tools", ARRAY).items(OBJECT),
            optional("tool_results", ARRAY).items(OBJECT),
            optional("stop_sequences", ARRAY).items(STRING),
            optional("raw_prompting", BOOLEAN));

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        SCHEMA.validate(body);

        String message = body.get("message").asString();
        List<String> seen = new ArrayList<>();
        seen.add(body.path("preamble").asString(""));
        for (JsonNode turn : body.path("chat_history").values()) {
            seen.add(turn.path("message").asString(""));
        }
        seen.add(message);
        String promptText = String.join("\n", seen);
        GeneratedText text = SyntheticText.generate(model.modelId(), message, promptText,
                EmulatorJson.optionalInt(body, "max_tokens"), EmulatorJson.strings(body, "stop_sequences"));

        ObjectNode answer = EmulatorJson.object()
                .put("response_id", EmulatorJson.stableId("response\n" + model.modelId() + promptText))
                .put("text", text.text())
                .put("generation_id", EmulatorJson.stableId("generation\n" + model.modelId() + promptText));
        ArrayNode history = answer.putArray("chat_history");
        body.path("chat_history").values().forEach(turn -> history.add(turn.deepCopy()));
        history.addObject().put("role", "USER").put("message", message);
        history.addObject().put("role", "CHATBOT").put("message", text.text());
        answer.put("finish_reason", text.ending() == GeneratedText.Ending.LENGTH ? "MAX_TOKENS" : "COMPLETE");
        int inputTokens = EmulatorTokens.count(seen);
        // Command R answers its counts in meta as Cohere's API does ({"api_version", "billed_units", "tokens"}), as
        // well as in the X-Amzn-Bedrock-*-Token-Count headers
        ObjectNode meta = answer.putObject("meta");
        meta.putObject("api_version").put("version", "1");
        meta.putObject("billed_units").put("input_tokens", inputTokens).put("output_tokens", text.outputTokens());
        meta.putObject("tokens").put("input_tokens", inputTokens).put("output_tokens", text.outputTokens());
        return new EmulatedAnswer(answer, inputTokens, text.outputTokens());
    }

    /** Chunks stream-start, text-generation per piece, then stream-end carrying the finish reason and the whole answer. */
    @Override
    public List<StreamEvent> streamChunks(EmulatedAnswer answer) {
        ObjectNode body = answer.body();
        List<StreamEvent> chunks = new ArrayList<>();
        chunks.add(StreamEvent.chunk(event("stream-start", false).put("generation_id", body.get("generation_id").asString())));
        chunks.addAll(StreamEvent.perPiece(StreamEvent.CHUNK, body.get("text").asString(),
                (piece, generated) -> event("text-generation", false).put("text", piece)));
        ObjectNode end = event("stream-end", true).put("finish_reason", body.get("finish_reason").asString());
        end.set("response", body.deepCopy());
        chunks.add(StreamEvent.chunk(end));
        return chunks;
    }

    private static ObjectNode event(String type, boolean finished) {
        return EmulatorJson.object().put("is_finished", finished).put("event_type", type);
    }
}
