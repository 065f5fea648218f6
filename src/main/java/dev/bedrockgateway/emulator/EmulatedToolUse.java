package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ToolSupport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tool use in a Converse request: Bedrock's checks of toolConfig, toolUse and toolResult, and the deterministic
 * decision to call a tool with arguments built from the tool's input schema.
 */
final class EmulatedToolUse {

    /** Longest string argument taken from the conversation: enough to recognise it, short enough to read. */
    static final int STRING_ARGUMENT_CHARS = 40;
    /** Pieces a tool's input JSON is streamed in, as models send it in partial fragments. */
    static final int INPUT_FRAGMENTS = 3;

    /**
     * Models that take each forcing toolChoice (AWS API reference, ToolChoice: "any" by Claude 3 and Mistral Large,
     * "tool" by Claude 3 and Amazon Nova); other models refuse the field.
     */
    private static final Map<String, List<String>> FORCING_CHOICES = Map.of(
            "any", List.of("anthropic.claude", "mistral.mistral-large"),
            "tool", List.of("anthropic.claude", "amazon.nova"));

    private EmulatedToolUse() {
    }

    /**
     * Bedrock's checks, in its words: tools only for models that use them (in streams, only for those that stream
     * them), a forcing toolChoice only for models that take it, tool blocks only with a toolConfig, every toolResult
     * answering a toolUse of the turn before.
     */
    static void validate(EmulatedModel model, JsonNode body, boolean streaming) {
        boolean configured = body.has("toolConfig");
        ToolSupport support = ToolSupport.defaultFor(model.baseModelId(), model.family());
        if (configured && !support.calls()) {
            throw BedrockError.validation("This model doesn't support tool use.");
        }
        if (configured && streaming && !support.streams()) {
            throw BedrockError.validation("This model doesn't support tool use in streaming mode.");
        }
        FORCING_CHOICES.forEach((choice, models) -> {
            if (body.path("toolConfig").path("toolChoice").has(choice)
                    && models.stream().noneMatch(prefix -> model.nameForMatching().startsWith(prefix))) {
                throw BedrockError.validation("This model doesn't support the toolConfig.toolChoice." + choice
                        + " field. Remove toolConfig.toolChoice." + choice + " and try again.");
            }
        });
        JsonNode messages = body.path("messages");
        List<String> previousToolUses = List.of();
        for (int i = 0; i < messages.size(); i++) {
            List<String> toolUses = new ArrayList<>();
            Set<String> answered = new HashSet<>();
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                if ((block.has("toolUse") || block.has("toolResult")) && !configured) {
                    throw BedrockError.validation("The toolConfig field must be defined when using toolUse and"
                            + " toolResult content blocks.");
                }
                String used = block.path("toolUse").path("toolUseId").asString(null);
                if (used != null) {
                    toolUses.add(used);
                }
                String result = block.path("toolResult").path("toolUseId").asString(null);
                if (result != null) {
                    answered.add(result);
                }
            }
            checkPairing(i, previousToolUses, answered);
            previousToolUses = toolUses;
        }
    }

    /**
     * Converse's pairing of tool calls and results, in Bedrock's words (as reported against Bedrock in
     * https://github.com/pydantic/pydantic-ai/issues/2327 and https://github.com/strands-agents/harness-sdk/issues/1435
     * for the count, and https://github.com/crewAIInc/crewAI/issues/4749 for the ids): a turn may not answer more calls
     * than the turn before made, and every call of the turn before must be answered in this one. A turn that answers
     * nothing after a turn without calls is ordinary conversation; the last turn's calls are the answer being asked
     * for, so they need no results.
     *
     * @param index    the position of the turn being checked
     * @param calls    the toolUse ids of the turn before, in order
     * @param answered the toolUse ids this turn's toolResult blocks answer
     */
    private static void checkPairing(int index, List<String> calls, Set<String> answered) {
        if (answered.size() > calls.size()) {
            throw BedrockError.validation("The number of toolResult blocks at messages." + index
                    + ".content exceeds the number of toolUse blocks of previous turn.");
        }
        List<String> unanswered = calls.stream().filter(id -> !answered.contains(id)).toList();
        if (!unanswered.isEmpty()) {
            throw BedrockError.validation("Expected toolResult blocks at messages." + index
                    + ".content for the following Ids: " + String.join(", ", unanswered));
        }
    }

    /**
     * The tool the model calls, or null when it answers in text: the tool toolChoice names (the first for "any")
     * always; with "auto" the first tool, unless the last user turn brings tool results, which the model then reads.
     */
    static JsonNode chosenTool(JsonNode body) {
        JsonNode config = body.path("toolConfig");
        JsonNode tools = config.path("tools");
        if (tools.isEmpty()) {
            return null;
        }
        JsonNode choice = config.path("toolChoice");
        if (choice.has("tool")) {
            String name = choice.path("tool").path("name").asString("");
            for (JsonNode tool : tools.values()) {
                if (name.equals(tool.path("toolSpec").path("name").asString(""))) {
                    return tool.path("toolSpec");
                }
            }
            throw BedrockError.validation("The tool " + name + " named in toolConfig.toolChoice.tool is not in"
                    + " toolConfig.tools.");
        }
        if (!choice.has("any") && lastUserTurnHasToolResults(body.path("messages"))) {
            return null;
        }
        return tools.get(0).path("toolSpec");
    }

    private static boolean lastUserTurnHasToolResults(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asString(""))) {
                for (JsonNode block : messages.get(i).path("content").values()) {
                    if (block.has("toolResult")) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /**
     * Arguments for a tool, the same for the same conversation: every required property of its input schema with a
     * value of its type; strings are the first of an enum, else the start of the last user text.
     */
    static ObjectNode input(JsonNode toolSpec, String lastUserText) {
        return inputFor(toolSpec.path("inputSchema").path("json"), lastUserText);
    }

    /** What a tool call costs in output tokens: the words of its arguments, at least one. */
    static int outputTokens(ObjectNode input) {
        return Math.max(1, EmulatorTokens.count(input.toString()));
    }

    /** The same arguments from a bare JSON schema (Claude's {@code input_schema}). */
    static ObjectNode inputFor(JsonNode jsonSchema, String lastUserText) {
        return object(jsonSchema, text(lastUserText));
    }

    private static ObjectNode object(JsonNode schema, String text) {
        ObjectNode input = EmulatorJson.object();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required").values()) {
            String name = required.asString("");
            input.set(name, value(properties.path(name), text));
        }
        return input;
    }

    private static JsonNode value(JsonNode schema, String text) {
        JsonNode enumValues = schema.path("enum");
        if (!enumValues.isEmpty()) {
            return enumValues.get(0);
        }
        return switch (schema.path("type").asString("string")) {
            case "integer" -> EmulatorJson.MAPPER.getNodeFactory().numberNode(schema.path("minimum").asLong(1));
            case "number" -> EmulatorJson.MAPPER.getNodeFactory().numberNode(schema.path("minimum").asDouble(1.5));
            case "boolean" -> EmulatorJson.MAPPER.getNodeFactory().booleanNode(true);
            case "object" -> object(schema, text);
            case "array" -> {
                ArrayNode items = EmulatorJson.MAPPER.createArrayNode();
                items.add(value(schema.path("items"), text));
                yield items;
            }
            case "null" -> EmulatorJson.MAPPER.getNodeFactory().nullNode();
            default -> EmulatorJson.MAPPER.getNodeFactory().stringNode(text);
        };
    }

    private static String text(String lastUserText) {
        String text = lastUserText.strip().replaceAll("\\s+", " ");
        text = text.length() > STRING_ARGUMENT_CHARS ? text.substring(0, STRING_ARGUMENT_CHARS) : text;
        return text.isEmpty() ? "emulated" : text;
    }

    /** The input's JSON text in {@link #INPUT_FRAGMENTS} pieces that concatenate back to it. */
    static List<String> fragments(String json) {
        List<String> pieces = new ArrayList<>(INPUT_FRAGMENTS);
        int size = Math.max(1, (json.length() + INPUT_FRAGMENTS - 1) / INPUT_FRAGMENTS);
        for (int start = 0; start < json.length(); start += size) {
            pieces.add(json.substring(start, Math.min(json.length(), start + size)));
        }
        return pieces;
    }
}
