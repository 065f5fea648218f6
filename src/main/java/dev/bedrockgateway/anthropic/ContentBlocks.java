package dev.bedrockgateway.anthropic;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolResult;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's content blocks read into canonical parts: text, base64 images, plain-text documents, the assistant's
 * {@code tool_use} and the user's {@code tool_result}. Fields that only steer Anthropic's own service
 * ({@code cache_control}, {@code citations}) are accepted and dropped; a block type the gateway cannot carry to Bedrock
 * is a 400 naming it. One per request: it remembers the tool calls made so far, so each result must answer one.
 */
final class ContentBlocks {

    /** What a PDF document meets: the canonical request carries text and images, not binary documents. */
    static final String PDF_REFUSED = "is a PDF; the gateway takes documents as text only (source type \"text\","
            + " \"content\", or base64 with media_type text/plain)";

    private final List<String> toolUseIds = new ArrayList<>();

    /** A message's content: a non-empty string or a non-empty list of blocks. */
    List<Part> parts(String field, JsonNode content, Role role) {
        return RequestChecks.parts(field, content, (blockField, block) -> part(blockField, block, role));
    }

    private Part part(String field, JsonNode block, Role role) {
        String type = RequestChecks.stringField(field, block, "type");
        return switch (type) {
            case "text" -> RequestChecks.text(field, block);
            case "image" -> image(field, block);
            case "document" -> document(field, block);
            case "tool_use" -> only(role, Role.ASSISTANT, field, type, toolUse(field, block));
            case "tool_result" -> only(role, Role.USER, field, type, toolResult(field, block));
            default -> throw GatewayException.invalid(field + ".type", field + ".type '" + type + "' is not supported;"
                    + " use text, image, document, tool_use (assistant) or tool_result (user)");
        };
    }

    private static Part only(Role role, Role allowed, String field, String type, Part part) {
        if (role != allowed) {
            throw GatewayException.invalid(field + ".type", field + ": a " + type + " block belongs in a "
                    + allowed.name().toLowerCase(Locale.ROOT) + " message");
        }
        return part;
    }

    /** {@code {"type":"image","source":{"type":"base64","media_type":...,"data":...}}}. */
    private static Part image(String field, JsonNode block) {
        JsonNode source = source(field, block);
        String sourceType = RequestChecks.stringField(field + ".source", source, "type");
        if (!sourceType.equals("base64")) {
            throw GatewayException.invalid(field + ".source.type", field + ".source.type '" + sourceType
                    + "' is not supported; the gateway fetches nothing, so send the image as base64");
        }
        String mediaType = RequestChecks.imageMediaType(field + ".source.media_type",
                RequestChecks.stringField(field + ".source", source, "media_type"));
        return Part.image(mediaType, RequestChecks.base64(field + ".source.data",
                RequestChecks.stringField(field + ".source", source, "data")));
    }

    /**
     * A document as text: source "text" (plain text), "content" (text blocks) or base64 text/plain; its title and
     * context, if any, head the text so the model still sees them.
     */
    private static Part document(String field, JsonNode block) {
        JsonNode source = source(field, block);
        String sourceType = RequestChecks.stringField(field + ".source", source, "type");
        String text = switch (sourceType) {
            case "text" -> RequestChecks.stringField(field + ".source", source, "data");
            case "content" -> contentText(field + ".source.content", source.get("content"));
            case "base64" -> {
                String mediaType = RequestChecks.stringField(field + ".source", source, "media_type");
                if (mediaType.equals("application/pdf")) {
                    throw GatewayException.invalid(field + ".source.media_type", field + " " + PDF_REFUSED);
                }
                if (!mediaType.equals("text/plain")) {
                    throw GatewayException.invalid(field + ".source.media_type", field + ".source.media_type '"
                            + mediaType + "' is not supported; use text/plain");
                }
                yield new String(RequestChecks.base64(field + ".source.data",
                        RequestChecks.stringField(field + ".source", source, "data")), StandardCharsets.UTF_8);
            }
            default -> throw GatewayException.invalid(field + ".source.type", field + ".source.type '" + sourceType
                    + "' is not supported; use text, content or base64 (the gateway fetches no URL or file)");
        };
        StringBuilder document = new StringBuilder();
        for (String heading : List.of("title", "context")) {
            JsonNode value = block.get(heading);
            if (value != null && !value.isNull()) {
                document.append(RequestChecks.stringField(field, block, heading)).append("\n\n");
            }
        }
        document.append(text);
        if (document.toString().isBlank()) {
            throw GatewayException.invalid(field + ".source", field + " holds no text");
        }
        return Part.text(document.toString());
    }

    private static JsonNode source(String field, JsonNode block) {
        JsonNode source = block.get("source");
        if (source == null || !source.isObject()) {
            throw GatewayException.invalid(field + ".source", field + ".source is required: an object with a type");
        }
        return source;
    }

    /** {@code {"type":"tool_use","id":...,"name":...,"input":{...}}}, a call the assistant made earlier. */
    private Part toolUse(String field, JsonNode block) {
        String id = nonEmpty(field, block, "id");
        if (toolUseIds.contains(id)) {
            throw GatewayException.invalid(field + ".id", field + ".id '" + id + "' is used by an earlier tool_use;"
                    + " tool_use ids must be unique");
        }
        String name = MessageTools.name(field + ".name", block.get("name"));
        JsonNode input = block.get("input");
        if (input == null || !input.isObject()) {
            throw GatewayException.invalid(field + ".input", field + ".input is required: the call's arguments as"
                    + " an object");
        }
        toolUseIds.add(id);
        return Part.toolCall(new ToolCall(id, name, new String(ApiJson.write(input), StandardCharsets.UTF_8)));
    }

    /**
     * {@code {"type":"tool_result","tool_use_id":...,"content":...}}: the result of an earlier tool_use, as text.
     * {@code is_error} is accepted and not passed on: the canonical result has no flag for it (the text still says
     * what went wrong).
     */
    private Part toolResult(String field, JsonNode block) {
        String id = nonEmpty(field, block, "tool_use_id");
        if (!toolUseIds.contains(id)) {
            throw GatewayException.invalid(field + ".tool_use_id", field + ".tool_use_id '" + id
                    + "' answers no tool_use block of an earlier assistant message");
        }
        JsonNode content = block.get("content");
        String text = content == null || content.isNull() ? ""
                : content.isString() ? content.stringValue() : contentText(field + ".content", content);
        return Part.toolResult(new ToolResult(id, text));
    }

    /** A list of text blocks as one text, as tool results and documents carry it. */
    private static String contentText(String field, JsonNode content) {
        if (content == null || !content.isArray()) {
            throw GatewayException.invalid(field, field + " must be a string or a list of text blocks");
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            String blockField = field + "[" + i + "]";
            JsonNode block = content.get(i);
            if (!block.isObject()) {
                throw GatewayException.invalid(blockField, blockField + " must be an object with a type");
            }
            String type = RequestChecks.stringField(blockField, block, "type");
            if (!type.equals("text")) {
                throw GatewayException.invalid(blockField + ".type", blockField + ".type '" + type
                        + "' is not supported here; only text blocks are");
            }
            texts.add(RequestChecks.stringField(blockField, block, "text"));
        }
        return new Message(Role.USER, texts.stream().map(Part::text).toList()).text();
    }

    private static String nonEmpty(String field, JsonNode block, String name) {
        String value = RequestChecks.stringField(field, block, name);
        if (value.isEmpty()) {
            throw GatewayException.invalid(field + "." + name, field + "." + name + " is empty");
        }
        return value;
    }
}
