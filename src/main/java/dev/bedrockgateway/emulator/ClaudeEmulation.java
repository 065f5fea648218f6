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
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic Claude 3 InvokeModel (the Messages API with {@code anthropic_version: bedrock-2023-05-31}). */
final class ClaudeEmulation implements NativeEmulation {

    static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";

    private static final BodySchema CACHE_CONTROL = BodySchema.of(required("type", STRING));

    static final BodySchema IMAGE_SOURCE = BodySchema.of(
            required("type", STRING).oneOf("base64"),
            required("media_type", STRING).oneOf("image/jpeg", "image/png", "image/gif", "image/webp"),
            required("data", STRING));

    /** Each content block type and its properties. */
    static final Map<String, BodySchema> CONTENT_BLOCKS = Map.of(
            "text", BodySchema.of(
                    required("type", STRING), required("text", STRING),
                    optional("cache_control", OBJECT).nested(CACHE_CONTROL)),
            "image", BodySchema.of(
                    required("type", STRING), required("source", OBJECT).nested(IMAGE_SOURCE),
                    optional("cache_control", OBJECT).nested(CACHE_CONTROL)),
            "tool_use", BodySchema.of(
                    required("type", STRING), required("id", STRING), required("name", STRING), required("input", OBJECT),
                    optional("cache_control", OBJECT).nested(CACHE_CONTROL)),
            "tool_result", BodySchema.of(
                    required("type", STRING), required("tool_use_id", STRING), optional("content", STRING, ARRAY).items(OBJECT),
                    optional("is_error", BOOLEAN), optional("cache_control", OBJECT).nested(CACHE_CONTROL)));

    static final BodySchema MESSAGE = BodySchema.of(
            required("role", STRING).oneOf("user", "assistant"),
            required("content", STRING, ARRAY).items(OBJECT));

    static final BodySchema TOOL = BodySchema.of(
            required("name", STRING),
            optional("description", STRING),
            required("input_schema", OBJECT),
            optional("cache_control", OBJECT).nested(CACHE_CONTROL));

    static final BodySchema TOOL_CHOICE = BodySchema.of(
            required("type", STRING).oneOf("auto", "any", "tool"),
            optional("name", STRING),
            optional("disable_parallel_tool_use", BOOLEAN));

    static final BodySchema SCHEMA = BodySchema.of(
            required("anthropic_version", STRING).oneOf(ANTHROPIC_VERSION),
            optional("anthropic_beta", ARRAY).items(STRING),
            required("max_tokens", INTEGER).atLeast(1),
            required("messages", ARRAY).minItems(1).items(OBJECT).nested(MESSAGE),
            optional("system", STRING, ARRAY).items(OBJECT).nested(CONTENT_BLOCKS.get("text")),
            optional("temperature", NUMBER).range(0, 1),
            optional("top_p", NUMBER).range(0, 1),
            optional("top_k", INTEGER).range(0, 500),
            optional("stop_sequences", ARRAY).items(STRING),
            optional("tools", ARRAY).items(OBJECT).nested(TOOL),
            optional("tool_choice", OBJECT).nested(TOOL_CHOICE),
            optional("metadata", OBJECT).nested(BodySchema.of(optional("user_id", STRING))));

    /** Output-token ceilings by model id prefix, most specific first; Claude 3 (Haiku, Sonnet, Opus) is 4,096. */
    private static final List<Map.Entry<String, Integer>> OUTPUT_LIMITS = List.of(
            Map.entry("anthropic.claude-3-7", 65_536),
            Map.entry("anthropic.claude-3-5", 8_192),
            Map.entry("anthropic.claude-3", 4_096));
    /** For an ARN that hides the model, do not reject what the real model might accept. */
    private static final int UNKNOWN_MODEL_OUTPUT_LIMIT = 8_192;

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        validate(model, body);
        ConversationText conversation = ConversationText.of(systemTexts(body.path("system")), body.get("messages"),
                ClaudeEmulation::texts);
        int inputTokens = EmulatorTokens.count(conversation.seen());
        String forcedTool = forcedToolName(body);

        ObjectNode answer = EmulatorJson.object()
                .put("id", "msg_bdrk_" + EmulatorJson.stableHex(model.modelId() + "\n" + conversation.promptText()))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", anthropicModelName(model));
        var content = answer.putArray("content");
        if (forcedTool != null) {
            // a forced tool (tool_choice "tool" or "any"): Claude writes no text before the call, only the tool_use
            ObjectNode input = EmulatedToolUse.inputFor(toolNamed(body, forcedTool).path("input_schema"),
                    conversation.lastUserText());
            int outputTokens = EmulatedToolUse.outputTokens(input);
            content.addObject().put("type", "tool_use")
                    .put("id", "toolu_bdrk_" + EmulatorJson.stableHex(forcedTool + "\n" + conversation.promptText()))
                    .put("name", forcedTool)
                    .set("input", input);
            answer.put("stop_reason", "tool_use");
            answer.putNull("stop_sequence");
            answer.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
            return new EmulatedAnswer(answer, inputTokens, outputTokens);
        }
        GeneratedText text = SyntheticText.generate(model.modelId(), conversation.lastUserText(),
                conversation.promptText(), body.get("max_tokens").asInt(), EmulatorJson.strings(body, "stop_sequences"));
        content.addObject().put("type", "text").put("text", text.text());
        String stopReason = switch (text.ending()) {
            case END -> "end_turn";
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
        };
        answer.put("stop_reason", stopReason);
        answer.put("stop_sequence", "stop_sequence".equals(stopReason) ? text.stopSequence() : null);
        answer.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", text.outputTokens());
        return new EmulatedAnswer(answer, inputTokens, text.outputTokens());
    }

    /**
     * Anthropic's stream events: message_start (input usage), per content block a start, deltas (text_delta per piece,
     * or the tool input as one input_json_delta) and a stop, then message_delta (stop reason, output usage) and message_stop.
     */
    @Override
    public List<StreamEvent> streamChunks(EmulatedAnswer answer) {
        ObjectNode body = answer.body();
        List<StreamEvent> chunks = new ArrayList<>();
        ObjectNode start = event("message_start");
        ObjectNode message = start.putObject("message")
                .put("id", body.get("id").asString())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", body.get("model").asString());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        // output_tokens counts up in message_delta; starting at 0 keeps a reader that adds them up right
        message.putObject("usage").put("input_tokens", answer.inputTokens()).put("output_tokens", 0);
        chunks.add(StreamEvent.chunk(start));
        JsonNode content = body.get("content");
        for (int index = 0; index < content.size(); index++) {
            chunks.addAll(blockChunks(index, content.get(index)));
        }
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", body.get("stop_reason").asString()).set("stop_sequence", body.get("stop_sequence"));
        delta.putObject("usage").put("output_tokens", answer.outputTokens());
        chunks.add(StreamEvent.chunk(delta));
        chunks.add(StreamEvent.chunk(event("message_stop")));
        return chunks;
    }

    private static List<StreamEvent> blockChunks(int index, JsonNode block) {
        List<StreamEvent> chunks = new ArrayList<>();
        ObjectNode start = event("content_block_start").put("index", index);
        if ("tool_use".equals(block.get("type").asString())) {
            ObjectNode toolUse = start.putObject("content_block").put("type", "tool_use")
                    .put("id", block.get("id").asString()).put("name", block.get("name").asString());
            toolUse.putObject("input");
            chunks.add(StreamEvent.chunk(start));
            ObjectNode inputDelta = event("content_block_delta").put("index", index);
            inputDelta.putObject("delta").put("type", "input_json_delta").put("partial_json", block.get("input").toString());
            chunks.add(new StreamEvent(StreamEvent.CHUNK, inputDelta, true));
        } else {
            start.putObject("content_block").put("type", "text").put("text", "");
            chunks.add(StreamEvent.chunk(start));
            chunks.addAll(StreamEvent.perPiece(StreamEvent.CHUNK, block.get("text").asString(), (piece, generated) -> {
                ObjectNode textDelta = event("content_block_delta").put("index", index);
                textDelta.putObject("delta").put("type", "text_delta").put("text", piece);
                return textDelta;
            }));
        }
        chunks.add(StreamEvent.chunk(event("content_block_stop").put("index", index)));
        return chunks;
    }

    private static ObjectNode event(String type) {
        return EmulatorJson.object().put("type", type);
    }

    private static void validate(EmulatedModel model, JsonNode body) {
        Violations violations = new Violations();
        SCHEMA.check(body, List.of(), violations);
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            if (content.isArray()) {
                checkBlocks(content, List.of("messages", Integer.toString(i), "content"), violations);
            }
        }
        violations.throwAsMalformedInput();
        // Past the schema, the Anthropic API's own checks answer in Anthropic's words
        checkTurns(messages);
        int limit = outputLimit(model);
        if (body.get("max_tokens").asLong() > limit) {
            throw BedrockError.validation("The maximum tokens you requested exceeds the model limit of " + limit
                    + ". Try again with a maximum tokens value that is lower than " + limit + ".");
        }
    }

    private static void checkBlocks(JsonNode blocks, List<String> path, Violations violations) {
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            List<String> blockPath = BodySchema.append(path, Integer.toString(i));
            if (!block.isObject()) {
                continue; // the array rule already reported it
            }
            JsonNode type = block.get("type");
            if (type == null || !type.isString()) {
                violations.add(blockPath, Violation.Kind.REQUIRED_KEY, "type", "");
                continue;
            }
            BodySchema schema = CONTENT_BLOCKS.get(type.asString());
            if (schema == null) {
                violations.add(BodySchema.append(blockPath, "type"), Violation.Kind.NOT_IN_ENUM, type.asString(), CONTENT_BLOCKS.keySet().toString());
                continue;
            }
            schema.check(block, blockPath, violations);
            JsonNode data = block.path("source").path("data");
            if ("image".equals(type.asString()) && data.isString() && !EmulatorJson.isBase64(data.asString())) {
                violations.invalid(BodySchema.append(blockPath, "source"), "image data is not valid base64");
            }
        }
    }

    /** Anthropic's rules for turns; the messages are quoted from its API. */
    private static void checkTurns(JsonNode messages) {
        String previous = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.get("role").asString();
            if (i == 0 && !"user".equals(role)) {
                throw BedrockError.validation("messages: first message must use the \"user\" role");
            }
            if (role.equals(previous)) {
                throw BedrockError.validation("messages: roles must alternate between \"user\" and \"assistant\", but found multiple \""
                        + role + "\" roles in a row");
            }
            boolean lastPrefill = i == messages.size() - 1 && "assistant".equals(role);
            JsonNode content = message.get("content");
            if (content.isString() && content.asString().isEmpty() && !lastPrefill) {
                throw BedrockError.validation("messages." + i + ": all messages must have non-empty content except for the optional final assistant message");
            }
            for (JsonNode block : content.values()) {
                if ("text".equals(block.path("type").asString()) && block.path("text").asString().isEmpty()) {
                    throw BedrockError.validation("messages: text content blocks must be non-empty");
                }
            }
            previous = role;
        }
    }

    static int outputLimit(EmulatedModel model) {
        if (model.baseModelId() == null) {
            return UNKNOWN_MODEL_OUTPUT_LIMIT;
        }
        return OUTPUT_LIMITS.stream()
                .filter(entry -> model.baseModelId().startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(UNKNOWN_MODEL_OUTPUT_LIMIT);
    }

    private static List<String> systemTexts(JsonNode system) {
        if (system.isString()) {
            return List.of(system.asString());
        }
        List<String> texts = new ArrayList<>();
        system.values().forEach(block -> texts.add(block.path("text").asString("")));
        return texts;
    }

    /** The text a message carries: a string, or its text blocks and the text inside tool results. */
    private static List<String> texts(JsonNode content) {
        if (content.isString()) {
            return List.of(content.asString());
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content.values()) {
            switch (block.path("type").asString("")) {
                case "text" -> texts.add(block.path("text").asString(""));
                case "tool_result" -> texts.addAll(texts(block.path("content")));
                default -> {
                    // images and tool calls carry no words the emulator counts
                }
            }
        }
        return texts;
    }

    /** The tool the caller forces with tool_choice "tool" (or the first tool for "any"), else null. */
    private static String forcedToolName(JsonNode body) {
        String type = body.path("tool_choice").path("type").asString("");
        if ("tool".equals(type)) {
            return body.path("tool_choice").path("name").asString(null);
        }
        if ("any".equals(type) && body.path("tools").size() > 0) {
            return body.path("tools").get(0).path("name").asString(null);
        }
        return null;
    }

    /** The tool of that name in the request's tools; a missing node when there is none. */
    private static JsonNode toolNamed(JsonNode body, String name) {
        for (JsonNode tool : body.path("tools").values()) {
            if (name.equals(tool.path("name").asString(null))) {
                return tool;
            }
        }
        return MissingNode.getInstance();
    }

    /** Bedrock answers with Anthropic's own model name: "claude-3-sonnet-20240229" for "anthropic.claude-3-sonnet-20240229-v1:0". */
    private static String anthropicModelName(EmulatedModel model) {
        String base = model.nameForMatching();
        return base.replaceFirst("^anthropic\\.", "").replaceFirst("-v\\d+(:\\d+)?$", "");
    }
}
