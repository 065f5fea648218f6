package dev.bedrockgateway.openai;

import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.core.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's function tools read into the canonical request, and tool calls written back. Every refusal names the
 * field in OpenAI's terms, also as the error's {@code param}.
 */
final class ChatTools {

    /** OpenAI's rule for function names, which Bedrock's toolSpec name also satisfies. */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    static final String FUNCTION = "function";

    private ChatTools() {
    }

    /** {@code tools}: a non-empty list of {@code {"type":"function","function":{"name","description","parameters"}}}. */
    static List<ToolDefinition> definitions(JsonNode tools, UnknownFields unknown) {
        if (absent(tools)) {
            return List.of();
        }
        if (!tools.isArray() || tools.isEmpty()) {
            throw GatewayException.invalid("tools", "tools must be a non-empty list of function tools");
        }
        List<ToolDefinition> definitions = new ArrayList<>(tools.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String field = "tools[" + i + "]";
            JsonNode tool = object(field, tools.get(i), Set.of("type", FUNCTION), unknown);
            functionType(field, tool);
            JsonNode function = object(field + ".function", tool.get(FUNCTION),
                    Set.of("name", "description", "parameters", "strict"), unknown);
            String name = functionName(field + ".function.name", function.get("name"));
            if (!names.add(name)) {
                throw GatewayException.invalid(field + ".function.name", field + ".function.name '" + name
                        + "' is declared twice; function names must be unique");
            }
            JsonNode strict = function.get("strict");
            if (present(strict) && !(strict.isBoolean() && !strict.booleanValue())) {
                throw GatewayException.invalid(field + ".function.strict", field + ".function.strict is not"
                        + " supported: Bedrock does not enforce a tool's schema on the model's arguments; leave it out");
            }
            definitions.add(new ToolDefinition(name, optionalString(field + ".function.description",
                    function.get("description")), parameters(field + ".function.parameters", function.get("parameters"))));
        }
        return definitions;
    }

    /** {@code tool_choice}: "auto", "none", "required" or {@code {"type":"function","function":{"name"}}}. */
    static ToolChoice choice(JsonNode choice, List<ToolDefinition> tools, UnknownFields unknown) {
        if (absent(choice)) {
            return ToolChoice.AUTO;
        }
        if (tools.isEmpty()) {
            throw GatewayException.invalid("tool_choice", "tool_choice is only allowed when tools are given");
        }
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.ANY;
                default -> throw GatewayException.invalid("tool_choice", "tool_choice '" + choice.stringValue()
                        + "' is not one of: auto, none, required, or {\"type\": \"function\", \"function\": {\"name\""
                        + ": ...}}");
            };
        }
        JsonNode named = object("tool_choice", choice, Set.of("type", FUNCTION), unknown);
        functionType("tool_choice", named);
        JsonNode function = object("tool_choice.function", named.get(FUNCTION), Set.of("name"), unknown);
        String name = functionName("tool_choice.function.name", function.get("name"));
        if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
            throw GatewayException.invalid("tool_choice.function.name", "tool_choice names the function '" + name
                    + "', which is not among the tools: " + tools.stream().map(ToolDefinition::name).toList());
        }
        return ToolChoice.tool(name);
    }

    /**
     * An assistant message's {@code tool_calls} as tool-call parts.
     *
     * @param seenIds every tool call id so far in the conversation; the calls' ids are added
     */
    static List<Part> calls(String field, JsonNode toolCalls, Set<String> seenIds, UnknownFields unknown) {
        if (!toolCalls.isArray() || toolCalls.isEmpty()) {
            throw GatewayException.invalid(field, field + " must be a non-empty list of tool calls");
        }
        List<Part> parts = new ArrayList<>(toolCalls.size());
        for (int i = 0; i < toolCalls.size(); i++) {
            String callField = field + "[" + i + "]";
            JsonNode call = object(callField, toolCalls.get(i), Set.of("id", "type", FUNCTION), unknown);
            String id = requiredString(callField + ".id", call.get("id"));
            if (!seenIds.add(id)) {
                throw GatewayException.invalid(callField + ".id", callField + ".id '" + id
                        + "' is used by an earlier tool call; tool call ids must be unique");
            }
            functionType(callField, call);
            JsonNode function = object(callField + ".function", call.get(FUNCTION), Set.of("name", "arguments"),
                    unknown);
            String name = functionName(callField + ".function.name", function.get("name"));
            String arguments = requiredString(callField + ".function.arguments", function.get("arguments"));
            parts.add(Part.toolCall(new ToolCall(id, name, argumentsObject(callField + ".function.arguments",
                    arguments))));
        }
        return parts;
    }

    /**
     * A {@code tool} message: the result of an earlier call, as a tool-result part.
     *
     * @param text    the message's content as text
     * @param seenIds the ids of the tool calls made so far
     */
    static Part result(String field, String toolCallId, String text, Set<String> seenIds) {
        if (toolCallId == null || toolCallId.isBlank()) {
            throw GatewayException.invalid(field + ".tool_call_id", field + ".tool_call_id is required: the id of"
                    + " the tool call this message answers");
        }
        if (!seenIds.contains(toolCallId)) {
            throw GatewayException.invalid(field + ".tool_call_id", field + ".tool_call_id '" + toolCallId
                    + "' answers no tool call of an earlier assistant message");
        }
        return Part.toolResult(new ToolResult(toolCallId, text));
    }

    /** The model's calls in OpenAI's shape; the arguments are the JSON text the model gave. */
    static List<ChatCompletion.ToolCallBody> wire(List<ToolCall> calls) {
        return calls.stream().map(call -> new ChatCompletion.ToolCallBody(call.id(), FUNCTION,
                new ChatCompletion.FunctionBody(call.name(), call.arguments()))).toList();
    }

    /** The arguments must be a JSON object's text, as Bedrock's toolUse input is an object. */
    static String argumentsObject(String field, String arguments) {
        try {
            JsonNode parsed = ApiJson.MAPPER.readTree(arguments);
            if (parsed == null || !parsed.isObject()) {
                throw GatewayException.invalid(field, field + " must be a JSON object encoded as a string");
            }
            return arguments;
        } catch (JacksonException e) {
            throw GatewayException.invalid(field, field + " is not valid JSON: "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parameters(String field, JsonNode parameters) {
        if (absent(parameters)) {
            return Map.of();
        }
        if (!parameters.isObject()) {
            throw GatewayException.invalid(field, field + " must be a JSON Schema object");
        }
        JsonNode type = parameters.get("type");
        if (type != null && !"object".equals(type.asString(""))) {
            throw GatewayException.invalid(field + ".type", field + ".type must be \"object\": a function takes"
                    + " named arguments");
        }
        return new LinkedHashMap<>(ApiJson.MAPPER.treeToValue(parameters, Map.class));
    }

    static void functionType(String field, JsonNode node) {
        String type = requiredString(field + ".type", node.get("type"));
        if (!FUNCTION.equals(type)) {
            throw GatewayException.invalid(field + ".type", field + ".type '" + type + "' is not supported; only"
                    + " \"function\" tools are");
        }
    }

    static String functionName(String field, JsonNode name) {
        String value = requiredString(field, name);
        if (!FUNCTION_NAME.matcher(value).matches()) {
            throw GatewayException.invalid(field, field + " '" + value + "' must be 1 to 64 letters, digits,"
                    + " underscores or dashes");
        }
        return value;
    }

    static JsonNode object(String field, JsonNode node, Set<String> allowed, UnknownFields unknown) {
        if (absent(node)) {
            throw GatewayException.invalid(field, field + " is required");
        }
        if (!node.isObject()) {
            throw GatewayException.invalid(field, field + " must be an object");
        }
        unknown.check(field, node, allowed);
        return node;
    }

    static String requiredString(String field, JsonNode node) {
        if (absent(node)) {
            throw GatewayException.invalid(field, field + " is required");
        }
        if (!node.isString() || node.stringValue().isEmpty()) {
            throw GatewayException.invalid(field, field + " must be a non-empty string");
        }
        return node.stringValue();
    }

    static String optionalString(String field, JsonNode node) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            throw GatewayException.invalid(field, field + " must be a string");
        }
        return node.stringValue();
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static boolean absent(JsonNode node) {
        return !present(node);
    }
}
