package dev.bedrockgateway.provider.converse;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.core.ToolResult;
import dev.bedrockgateway.provider.NativeJson;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tools in Converse's terms: the toolConfig, toolUse and toolResult blocks, and tool calls read back.
 *
 * <p>Bedrock refuses toolUse and toolResult blocks in a request without a toolConfig ("The toolConfig field must be
 * defined when using toolUse and toolResult content blocks"), and has no toolChoice that forbids tool calls. So when
 * the model may not call a tool (no tools offered, or OpenAI's {@code tool_choice: "none"}) no toolConfig is sent and
 * the conversation's earlier calls and results travel as text: the model still reads them and cannot call a tool.
 */
final class ConverseTools {

    private ConverseTools() {
    }

    /** The toolConfig for the request, or null when the model may not call a tool. */
    static ToolConfiguration toolConfig(GenerationRequest request) {
        if (!request.offersTools()) {
            return null;
        }
        ToolConfiguration.Builder config = ToolConfiguration.builder()
                .tools(request.tools().stream().map(ConverseTools::tool).toList());
        // auto is Converse's default; leaving it out keeps models that know no toolChoice at all working.
        switch (request.toolChoice().mode()) {
            case ANY -> config.toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build()));
            case TOOL -> config.toolChoice(ToolChoice.fromTool(
                    SpecificToolChoice.builder().name(request.toolChoice().name()).build()));
            default -> {
                // AUTO: nothing to send; NONE never gets here
            }
        }
        return config.build();
    }

    private static Tool tool(ToolDefinition definition) {
        return Tool.fromToolSpec(ToolSpecification.builder()
                .name(definition.name())
                .description(definition.description())
                .inputSchema(ToolInputSchema.fromJson(ProviderOptionDocuments.of(schema(definition), "tools."
                        + definition.name() + ".parameters")))
                .build());
    }

    /** Converse needs an object schema; a function without parameters takes none. */
    private static Map<String, Object> schema(ToolDefinition definition) {
        if (!definition.inputSchema().isEmpty()) {
            return definition.inputSchema();
        }
        Map<String, Object> empty = new LinkedHashMap<>();
        empty.put("type", "object");
        empty.put("properties", Map.of());
        return empty;
    }

    /**
     * A tool call or result as a content block: toolUse / toolResult when a toolConfig is sent, else text.
     *
     * @param toolConfigSent whether the request carries a toolConfig
     */
    static ContentBlock block(Part part, boolean toolConfigSent) {
        if (part.toolCall() != null) {
            ToolCall call = part.toolCall();
            return toolConfigSent ? ContentBlock.fromToolUse(ToolUseBlock.builder()
                    .toolUseId(call.id()).name(call.name()).input(arguments(call)).build())
                    : ContentBlock.fromText("[called tool " + call.name() + " with " + call.arguments() + "]");
        }
        ToolResult result = part.toolResult();
        return toolConfigSent ? ContentBlock.fromToolResult(ToolResultBlock.builder()
                .toolUseId(result.toolCallId())
                .content(ToolResultContentBlock.fromText(result.content()))
                .build())
                : ContentBlock.fromText("[result of tool call " + result.toolCallId() + ": " + result.content() + "]");
    }

    private static Document arguments(ToolCall call) {
        try {
            return ProviderOptionDocuments.of(NativeJson.MAPPER.readValue(call.arguments(), Map.class),
                    "tool call " + call.id() + " arguments");
        } catch (JacksonException e) {
            throw GatewayException.invalid("The arguments of tool call " + call.id() + " are not a JSON object");
        }
    }

    /** The canonical call of a toolUse block in an answer: its input written back as JSON text. */
    static ToolCall toolCall(ToolUseBlock toolUse) {
        if (toolUse.toolUseId() == null || toolUse.name() == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "Converse answered with a toolUse without id or name");
        }
        JsonNode input = toolUse.input() == null ? JsonNodeFactory.instance.objectNode() : json(toolUse.input());
        return new ToolCall(toolUse.toolUseId(), toolUse.name(), NativeJson.MAPPER.writeValueAsString(input));
    }

    /** A Document as JSON, numbers kept exact. */
    static JsonNode json(Document document) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (document.isNull()) {
            return nodes.nullNode();
        }
        if (document.isString()) {
            return nodes.stringNode(document.asString());
        }
        if (document.isBoolean()) {
            return nodes.booleanNode(document.asBoolean());
        }
        if (document.isNumber()) {
            return nodes.numberNode(document.asNumber().bigDecimalValue());
        }
        if (document.isList()) {
            ArrayNode array = nodes.arrayNode();
            document.asList().forEach(item -> array.add(json(item)));
            return array;
        }
        ObjectNode object = nodes.objectNode();
        document.asMap().forEach((key, value) -> object.set(key, json(value)));
        return object;
    }
}
