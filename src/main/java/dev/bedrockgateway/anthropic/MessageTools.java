package dev.bedrockgateway.anthropic;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's client tools ({@code tools}, {@code tool_choice}) read into the canonical request
 * (https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use). Anthropic's server tools (web
 * search, code execution, the computer-use family) run on Anthropic's side and have no Bedrock counterpart through the
 * gateway, so they are refused by name.
 */
final class MessageTools {

    /** Bedrock's rule for a toolSpec name, which every model the gateway calls tools on goes through. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private MessageTools() {
    }

    /** {@code tools}: a list of {@code {"name","description","input_schema"}} (type "custom" or none). */
    static List<ToolDefinition> definitions(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw GatewayException.invalid("tools", "tools must be a list of tools, got " + RequestChecks.nodeType(tools));
        }
        List<ToolDefinition> definitions = new ArrayList<>(tools.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String field = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!tool.isObject()) {
                throw GatewayException.invalid(field, field + " must be an object");
            }
            JsonNode type = tool.get("type");
            if (type != null && !type.isNull() && !"custom".equals(type.asString(""))) {
                throw GatewayException.invalid(field + ".type", field + ".type '" + type.asString(type.toString())
                        + "' is one of Anthropic's server tools, which run on Anthropic's side and not on Bedrock;"
                        + " only client tools (name, description, input_schema) are supported");
            }
            String name = name(field + ".name", tool.get("name"));
            if (!names.add(name)) {
                throw GatewayException.invalid(field + ".name", field + ".name '" + name + "' is declared twice;"
                        + " tool names must be unique");
            }
            JsonNode description = tool.get("description");
            if (description != null && !description.isNull() && !description.isString()) {
                throw GatewayException.invalid(field + ".description", field + ".description must be a string");
            }
            definitions.add(new ToolDefinition(name, description == null || description.isNull() ? null
                    : description.stringValue(), schema(field + ".input_schema", tool.get("input_schema"))));
        }
        return definitions;
    }

    /** {@code tool_choice}: {@code {"type":"auto"|"any"|"none"}} or {@code {"type":"tool","name":...}}. */
    static ToolChoice choice(JsonNode choice, List<ToolDefinition> tools) {
        if (choice == null || choice.isNull()) {
            return ToolChoice.AUTO;
        }
        if (!choice.isObject()) {
            throw GatewayException.invalid("tool_choice", "tool_choice must be an object with a type (auto, any,"
                    + " tool or none)");
        }
        String type = RequestChecks.stringField("tool_choice", choice, "type");
        ToolChoice chosen = switch (type) {
            case "auto" -> ToolChoice.AUTO;
            case "none" -> ToolChoice.NONE;
            case "any" -> ToolChoice.ANY;
            case "tool" -> ToolChoice.tool(name("tool_choice.name", choice.get("name")));
            default -> throw GatewayException.invalid("tool_choice.type", "tool_choice.type '" + type
                    + "' is not one of: auto, any, tool, none");
        };
        if ((chosen.mode() == ToolChoice.Mode.ANY || chosen.mode() == ToolChoice.Mode.TOOL) && tools.isEmpty()) {
            throw GatewayException.invalid("tool_choice", "tool_choice '" + type + "' needs tools; the request"
                    + " offers none");
        }
        if (chosen.mode() == ToolChoice.Mode.TOOL
                && tools.stream().noneMatch(tool -> tool.name().equals(chosen.name()))) {
            throw GatewayException.invalid("tool_choice.name", "tool_choice.name '" + chosen.name()
                    + "' is not among the tools: " + tools.stream().map(ToolDefinition::name).toList());
        }
        return chosen;
    }

    /** A tool's name as Bedrock takes it. */
    static String name(String field, JsonNode name) {
        if (name == null || name.isNull()) {
            throw GatewayException.invalid(field, field + " is required");
        }
        if (!name.isString() || !NAME.matcher(name.stringValue()).matches()) {
            throw GatewayException.invalid(field, field + " must be 1 to 64 letters, digits, underscores or dashes");
        }
        return name.stringValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> schema(String field, JsonNode schema) {
        if (schema == null || schema.isNull()) {
            throw GatewayException.invalid(field, field + " is required: the JSON Schema of the tool's input");
        }
        if (!schema.isObject()) {
            throw GatewayException.invalid(field, field + " must be a JSON Schema object");
        }
        JsonNode type = schema.get("type");
        if (type == null || !"object".equals(type.asString(""))) {
            throw GatewayException.invalid(field + ".type", field + ".type must be \"object\": a tool takes named"
                    + " arguments");
        }
        return new LinkedHashMap<>(ApiJson.MAPPER.treeToValue(schema, Map.class));
    }
}
