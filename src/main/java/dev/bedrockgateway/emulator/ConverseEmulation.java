package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ANY;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.OBJECT;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import dev.bedrockgateway.catalog.ConverseFeatures;
import dev.bedrockgateway.catalog.ModelFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Converse API, the same for every text model: validated with AWS's constraint checks
 * (the member names are the AWS SDK's), answered as {@code {"output":{"message"},"stopReason","usage"}}.
 * The emulator adds {@code metrics.latencyMs} when it writes the answer.
 */
final class ConverseEmulation {

    /**
     * Bedrock's answer to a system prompt for a model without system prompts (seen for Titan Text; the AWS SDK
     * surfaces it as a ValidationException).
     */
    static final String NO_SYSTEM_MESSAGES = "This model doesn't support system messages. Try again without a system"
            + " message or use a model that supports system messages.";

    static final BodySchema IMAGE = BodySchema.of(
            required("format", STRING).oneOf("png", "jpeg", "gif", "webp"),
            required("source", OBJECT).nested(BodySchema.of(required("bytes", STRING))));

    static final BodySchema TOOL_USE = BodySchema.of(
            required("toolUseId", STRING), required("name", STRING), required("input", ANY), optional("type", STRING));

    static final BodySchema TOOL_RESULT = BodySchema.of(
            required("toolUseId", STRING), required("content", ARRAY).items(OBJECT),
            optional("status", STRING).oneOf("success", "error"), optional("type", STRING));

    /** Content-block union members checked closely ("text" is checked as a string). */
    static final Map<String, BodySchema> CHECKED_MEMBERS = Map.of("image", IMAGE, "toolUse", TOOL_USE, "toolResult", TOOL_RESULT);

    /** Content-block union members accepted without a closer look. */
    static final Set<String> PASSED_MEMBERS = Set.of("text", "document", "video", "audio", "cachePoint", "guardContent",
            "reasoningContent", "citationsContent", "searchResult");

    static final BodySchema MESSAGE = BodySchema.of(
            required("role", STRING).oneOf("user", "assistant"),
            required("content", ARRAY).items(OBJECT));

    static final BodySchema SYSTEM_BLOCK = BodySchema.of(
            optional("text", STRING), optional("cachePoint", OBJECT), optional("guardContent", OBJECT));

    static final BodySchema INFERENCE_CONFIG = BodySchema.of(
            optional("maxTokens", INTEGER).atLeast(1),
            optional("temperature", NUMBER).range(0, 1),
            optional("topP", NUMBER).range(0, 1),
            optional("stopSequences", ARRAY).items(STRING));

    static final BodySchema TOOL_SPEC = BodySchema.of(
            required("name", STRING), optional("description", STRING), required("inputSchema", OBJECT), optional("strict", ANY));

    static final BodySchema TOOL_CONFIG = BodySchema.of(
            required("tools", ARRAY).minItems(1).items(OBJECT)
                    .nested(BodySchema.of(optional("toolSpec", OBJECT).nested(TOOL_SPEC), optional("cachePoint", OBJECT),
                            optional("systemTool", OBJECT))),
            optional("toolChoice", OBJECT));

    static final BodySchema SCHEMA = BodySchema.of(
            required("messages", ARRAY).minItems(1).items(OBJECT).nested(MESSAGE),
            optional("system", ARRAY).items(OBJECT).nested(SYSTEM_BLOCK),
            optional("inferenceConfig", OBJECT).nested(INFERENCE_CONFIG),
            optional("toolConfig", OBJECT).nested(TOOL_CONFIG),
            optional("guardrailConfig", OBJECT),
            // passed through to the model unexamined, as Bedrock does
            optional("additionalModelRequestFields", ANY),
            optional("additionalModelResponseFieldPaths", ARRAY).items(STRING),
            optional("promptVariables", OBJECT),
            optional("requestMetadata", OBJECT),
            optional("performanceConfig", OBJECT),
            optional("serviceTier", ANY),
            optional("outputConfig", OBJECT));

    /**
     * @param streaming whether the request came through ConverseStream, where fewer models take tools
     */
    EmulatedAnswer answer(EmulatedModel model, JsonNode body, boolean streaming) {
        validate(model, body);
        EmulatedToolUse.validate(model, body, streaming);
        ModelRequestFields.validate(model, body);
        List<String> systemTexts = new ArrayList<>();
        body.path("system").values().forEach(block -> systemTexts.add(block.path("text").asString("")));
        ConversationText conversation = ConversationText.of(systemTexts, body.get("messages"),
                ConverseEmulation::texts);
        int inputTokens = EmulatorTokens.count(conversation.seen());
        JsonNode tool = EmulatedToolUse.chosenTool(body);
        if (tool != null) {
            return toolUse(tool, conversation, inputTokens);
        }
        JsonNode config = body.path("inferenceConfig");
        GeneratedText text = SyntheticText.generate(model.modelId(), conversation.lastUserText(),
                conversation.promptText(), EmulatorJson.optionalInt(config, "maxTokens"),
                EmulatorJson.strings(config, "stopSequences"));
        String stopReason = switch (text.ending()) {
            case END -> "end_turn";
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
        };
        ObjectNode answer = answerBody(stopReason, inputTokens, text.outputTokens());
        answer.get("output").get("message").withArray("content").addObject().put("text", text.text());
        return new EmulatedAnswer(answer, inputTokens, text.outputTokens());
    }

    /** A call of the tool instead of text: the model's whole answer is the toolUse block. */
    private static EmulatedAnswer toolUse(JsonNode toolSpec, ConversationText conversation, int inputTokens) {
        String name = toolSpec.path("name").asString();
        ObjectNode input = EmulatedToolUse.input(toolSpec, conversation.lastUserText());
        int outputTokens = EmulatedToolUse.outputTokens(input);
        ObjectNode answer = answerBody("tool_use", inputTokens, outputTokens);
        answer.get("output").get("message").withArray("content").addObject().putObject("toolUse")
                .put("toolUseId", "tooluse_" + EmulatorJson.stableHex(name + "\n" + conversation.promptText()))
                .put("name", name)
                .set("input", input);
        return new EmulatedAnswer(answer, inputTokens, outputTokens);
    }

    private static ObjectNode answerBody(String stopReason, int inputTokens, int outputTokens) {
        ObjectNode answer = EmulatorJson.object();
        answer.putObject("output").putObject("message").put("role", "assistant").putArray("content");
        answer.put("stopReason", stopReason);
        answer.putObject("usage")
                .put("inputTokens", inputTokens)
                .put("outputTokens", outputTokens)
                .put("totalTokens", inputTokens + outputTokens);
        return answer;
    }

    /**
     * The same answer as ConverseStream sends it, each event named after its union member: messageStart,
     * per content block its deltas (text per piece, a tool's input JSON in a few fragments) and contentBlockStop,
     * then messageStop and metadata. The emulator adds {@code metadata.metrics.latencyMs} as it sends it.
     *
     * @param answer what {@link #answer} gave for the request, so both operations carry the same text and counts
     */
    List<StreamEvent> streamEvents(EmulatedAnswer answer) {
        ObjectNode body = answer.body();
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent("messageStart", EmulatorJson.object().put("role", "assistant"), false));
        JsonNode content = body.get("output").get("message").get("content");
        for (int index = 0; index < content.size(); index++) {
            events.addAll(blockEvents(index, content.get(index)));
        }
        events.add(new StreamEvent("messageStop", EmulatorJson.object().put("stopReason", body.get("stopReason").asString()), false));
        ObjectNode metadata = EmulatorJson.object();
        metadata.set("usage", body.get("usage").deepCopy());
        events.add(new StreamEvent("metadata", metadata, false));
        return events;
    }

    private static List<StreamEvent> blockEvents(int index, JsonNode block) {
        List<StreamEvent> events = new ArrayList<>();
        JsonNode toolUse = block.get("toolUse");
        if (toolUse != null) {
            ObjectNode start = blockEvent(index);
            start.putObject("start").putObject("toolUse")
                    .put("toolUseId", toolUse.get("toolUseId").asString()).put("name", toolUse.get("name").asString());
            events.add(new StreamEvent("contentBlockStart", start, false));
            for (String fragment : EmulatedToolUse.fragments(toolUse.get("input").toString())) {
                ObjectNode delta = blockEvent(index);
                delta.putObject("delta").putObject("toolUse").put("input", fragment);
                events.add(new StreamEvent("contentBlockDelta", delta, true));
            }
        } else {
            events.addAll(StreamEvent.perPiece("contentBlockDelta", block.get("text").asString(), (piece, generated) -> {
                ObjectNode delta = blockEvent(index);
                delta.putObject("delta").put("text", piece);
                return delta;
            }));
        }
        events.add(new StreamEvent("contentBlockStop", blockEvent(index), false));
        return events;
    }

    private static ObjectNode blockEvent(int index) {
        return EmulatorJson.object().put("contentBlockIndex", index);
    }

    private static void validate(EmulatedModel model, JsonNode body) {
        if (model.family() == ModelFamily.STABILITY) {
            throw BedrockError.validation("This action doesn't support the model that you provided. "
                    + "Try again with a supported text or chat model.");
        }
        Violations violations = new Violations();
        SCHEMA.check(body, List.of(), violations);
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                checkBlock(content.get(j), List.of("messages", Integer.toString(i), "content", Integer.toString(j)), violations);
            }
        }
        JsonNode system = body.path("system");
        for (int i = 0; i < system.size(); i++) {
            if (system.get(i).isObject() && system.get(i).size() != 1) {
                violations.add(List.of("system", Integer.toString(i)), Violation.Kind.WRONG_TYPE, "", "");
            }
        }
        violations.throwAsConstraintErrors();
        rejectEmptyContent(messages);
        checkTurns(messages);
        rejectSystemForAModelWithout(model, body.path("system"));
        JsonNode maxTokens = body.path("inferenceConfig").path("maxTokens");
        Integer limit = KnownModels.outputLimit(model);
        if (limit != null && maxTokens.isNumber() && maxTokens.asLong() > limit) {
            throw BedrockError.validation("The maximum tokens you requested exceeds the model limit of " + limit
                    + ". Try again with a maximum tokens value that is lower than " + limit + ".");
        }
    }

    /**
     * A system prompt for a model the Converse table lists without one (Amazon Titan:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html), in
     * Bedrock's words.
     */
    private static void rejectSystemForAModelWithout(EmulatedModel model, JsonNode system) {
        if (!system.isEmpty() && !ConverseFeatures.defaultFor(model.baseModelId()).systemPrompt()) {
            throw BedrockError.validation(NO_SYSTEM_MESSAGES);
        }
    }

    /**
     * Bedrock's checks once the shape is right, each its own message (0-based positions, as Bedrock writes them): a
     * message without a content block, a text block without text.
     */
    private static void rejectEmptyContent(JsonNode messages) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            if (content.isEmpty()) {
                throw BedrockError.validation("The content field in the Message object at messages." + i
                        + " is empty. Add a ContentBlock object to the content field and try again.");
            }
            for (int j = 0; j < content.size(); j++) {
                JsonNode text = content.get(j).path("text");
                if (text.isString() && text.asString().isBlank()) {
                    throw BedrockError.validation("The text field in the ContentBlock object at messages." + i
                            + ".content." + j + " is blank. Add text to the text field, and try again.");
                }
            }
        }
    }

    /** A content block is a union: exactly one known member. */
    private static void checkBlock(JsonNode block, List<String> path, Violations violations) {
        if (!block.isObject()) {
            return; // the array rule already reported it
        }
        if (block.size() != 1) {
            violations.add(path, Violation.Kind.WRONG_TYPE, "", "");
            return;
        }
        String member = block.propertyNames().iterator().next();
        if (!CHECKED_MEMBERS.containsKey(member) && !PASSED_MEMBERS.contains(member)) {
            violations.add(path, Violation.Kind.EXTRANEOUS_KEY, member, "");
            return;
        }
        JsonNode value = block.get(member);
        List<String> memberPath = BodySchema.append(path, member);
        if ("text".equals(member) && !value.isString()) {
            violations.add(memberPath, Violation.Kind.WRONG_TYPE, JsonType.nameOf(value), "String");
        }
        BodySchema schema = CHECKED_MEMBERS.get(member);
        if (schema != null) {
            schema.check(value, memberPath, violations);
        }
        JsonNode bytes = value.path("source").path("bytes");
        if ("image".equals(member) && bytes.isString() && !EmulatorJson.isBase64(bytes.asString())) {
            violations.add(BodySchema.append(BodySchema.append(memberPath, "source"), "bytes"), Violation.Kind.WRONG_TYPE, "", "");
        }
    }

    /** Converse's rules for turns, in Bedrock's words. */
    private static void checkTurns(JsonNode messages) {
        String previous = null;
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).get("role").asString();
            if (i == 0 && !"user".equals(role)) {
                throw BedrockError.validation("A conversation must start with a user message. "
                        + "Try again with a conversation that starts with a user message.");
            }
            if (role.equals(previous)) {
                throw BedrockError.validation("A conversation must alternate between user and assistant roles. "
                        + "Make sure the conversation alternates between user and assistant roles and try again.");
            }
            previous = role;
        }
    }

    private static List<String> texts(JsonNode content) {
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content.values()) {
            if (block.has("text")) {
                texts.add(block.get("text").asString(""));
            }
            for (JsonNode result : block.path("toolResult").path("content").values()) {
                if (result.has("text")) {
                    texts.add(result.get("text").asString(""));
                } else if (result.has("json")) {
                    // a JSON result reads as its JSON text, so the answer echoes it as it echoes a text result
                    texts.add(result.get("json").toString());
                }
            }
        }
        return texts;
    }
}
