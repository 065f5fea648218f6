package dev.bedrockgateway.openai;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Responses API's function tools, flatter than chat's: {@code {"type":"function","name","description",
 * "parameters","strict"}}, and {@code tool_choice} "auto", "none", "required" or {@code {"type":"function","name"}}
 * (https://platform.openai.com/docs/api-reference/responses/create). OpenAI's built-in tools (web search, file
 * search, computer use) have no Bedrock counterpart and are refused.
 */
final class ResponseTools {

    private static final Set<String> TOOL_FIELDS = Set.of("type", "name", "description", "parameters", "strict");

    private ResponseTools() {
    }

    /**
     * The function tools. {@code strict} is accepted either way, since the Responses API defaults it to true and its
     * clients send it: Bedrock does not enforce a tool's schema on the arguments, so the README says it is not
     * enforced.
     */
    static List<ToolDefinition> definitions(JsonNode tools, UnknownFields unknown) {
        if (!ChatTools.present(tools)) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw GatewayException.invalid("tools", "tools must be a list of function tools");
        }
        List<ToolDefinition> definitions = new ArrayList<>(tools.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String field = "tools[" + i + "]";
            JsonNode tool = ChatTools.object(field, tools.get(i), TOOL_FIELDS, unknown);
            ChatTools.functionType(field, tool);
            String name = ChatTools.functionName(field + ".name", tool.get("name"));
            if (!names.add(name)) {
                throw GatewayException.invalid(field + ".name", field + ".name '" + name
                        + "' is declared twice; function names must be unique");
            }
            JsonNode strict = tool.get("strict");
            if (ChatTools.present(strict) && !strict.isBoolean()) {
                throw GatewayException.invalid(field + ".strict", field + ".strict must be true or false");
            }
            definitions.add(new ToolDefinition(name, ChatTools.optionalString(field + ".description",
                    tool.get("description")), ChatTools.parameters(field + ".parameters", tool.get("parameters"))));
        }
        return definitions;
    }

    static ToolChoice choice(JsonNode choice, List<ToolDefinition> tools, UnknownFields unknown) {
        if (!ChatTools.present(choice)) {
            return ToolChoice.AUTO;
        }
        if (choice.isString()) {
            return switch (choice.stringValue()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> requireTools(ToolChoice.ANY, tools);
                default -> throw GatewayException.invalid("tool_choice", "tool_choice '" + choice.stringValue()
                        + "' is not one of: auto, none, required, or {\"type\": \"function\", \"name\": ...}");
            };
        }
        JsonNode named = ChatTools.object("tool_choice", choice, Set.of("type", "name"), unknown);
        ChatTools.functionType("tool_choice", named);
        String name = ChatTools.functionName("tool_choice.name", named.get("name"));
        if (tools.stream().noneMatch(tool -> tool.name().equals(name))) {
            throw GatewayException.invalid("tool_choice.name", "tool_choice names the function '" + name
                    + "', which is not among the tools: " + tools.stream().map(ToolDefinition::name).toList());
        }
        return ToolChoice.tool(name);
    }

    private static ToolChoice requireTools(ToolChoice choice, List<ToolDefinition> tools) {
        if (tools.isEmpty()) {
            throw GatewayException.invalid("tool_choice", "tool_choice 'required' needs at least one tool");
        }
        return choice;
    }
}
