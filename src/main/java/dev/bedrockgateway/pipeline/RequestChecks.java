package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * The checks every API applies to what a caller sends, so the native and the OpenAI-compatible API refuse the same
 * things for the same reasons. Each takes the field as that caller wrote it, so a refusal names it in their terms.
 */
public final class RequestChecks {

    /** Image types every vision model on Bedrock accepts (Claude 3 and Converse alike). */
    public static final Set<String> IMAGE_MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Generous bound on stop sequences: Claude takes many, others fewer; Bedrock checks per model. */
    private static final int MAX_STOP_SEQUENCES = 16;

    /** Inputs of one embedding request: OpenAI's documented limit. */
    public static final int MAX_EMBEDDING_INPUTS = 2048;

    private RequestChecks() {
    }

    /**
     * A message's content: a non-blank string, or a non-empty list of parts each read by {@code partReader}
     * (which gets the part's field name and node).
     */
    public static List<Part> parts(String field, JsonNode content, BiFunction<String, JsonNode, Part> partReader) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            throw GatewayException.invalid(param(field), field + " is required");
        }
        if (content.isString()) {
            if (content.stringValue().isBlank()) {
                throw GatewayException.invalid(param(field), field + " is empty");
            }
            return List.of(Part.text(content.stringValue()));
        }
        if (!content.isArray()) {
            throw GatewayException.invalid(param(field), field + " must be a string or a list of parts, got "
                    + nodeType(content));
        }
        if (content.isEmpty()) {
            throw GatewayException.invalid(param(field), field + " is an empty list");
        }
        List<Part> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            String partField = field + "[" + i + "]";
            JsonNode node = content.get(i);
            if (!node.isObject()) {
                throw GatewayException.invalid(partField, partField + " must be an object with a type");
            }
            parts.add(partReader.apply(partField, node));
        }
        return parts;
    }

    /** {@code {"type": "text", "text": "..."}}, which both APIs write the same way. */
    public static Part textPart(String field, JsonNode node) {
        onlyFields(field, node, Set.of("type", "text"));
        return text(field, node);
    }

    /** A text part's text, its other fields checked by the caller. */
    public static Part text(String field, JsonNode node) {
        String text = stringField(field, node, "text");
        if (text.isBlank()) {
            throw GatewayException.invalid(param(field) + ".text", field + ".text is empty");
        }
        return Part.text(text);
    }

    /** An image's media type, refused unless every vision model takes it. */
    public static String imageMediaType(String field, String mediaType) {
        if (!IMAGE_MEDIA_TYPES.contains(mediaType)) {
            throw GatewayException.invalid(param(field), field + " '" + mediaType + "' is not one of: "
                    + String.join(", ", IMAGE_MEDIA_TYPES.stream().sorted().toList()));
        }
        return mediaType;
    }

    /** Strictly decoded base64: a caller's typo must not silently become another image. */
    public static byte[] base64(String field, String data) {
        try {
            // First, or the decoder's skipping would report "@@@" as empty rather than as not base64.
            if (!isBase64(data)) {
                throw new IllegalArgumentException("illegal character");
            }
            byte[] bytes = Base64.getMimeDecoder().decode(data);
            if (bytes.length == 0) {
                throw GatewayException.invalid(param(field), field + " is empty");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(param(field), field + " is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** The MIME decoder skips stray characters, so they are looked for here. */
    private static boolean isBase64(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String stringField(String field, JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw GatewayException.invalid(param(field) + "." + name, field + "." + name + " is required");
        }
        if (!value.isString()) {
            throw GatewayException.invalid(param(field) + "." + name, field + "." + name + " must be a string, got "
                    + nodeType(value));
        }
        return value.stringValue();
    }

    /** Parts are read as trees, not records, so unknown fields in them are looked for here. */
    public static void onlyFields(String field, JsonNode node, Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw GatewayException.invalid(param(field) + "." + name, field + " has an unknown field '" + name
                        + "'");
            }
        }
    }

    /** The text of a system message; images have no place in a system prompt on any family. */
    public static String systemText(String field, List<Part> parts) {
        if (parts.stream().anyMatch(Part::isImage)) {
            throw GatewayException.invalid(param(field), field + ": a system message can hold text only");
        }
        return new Message(Role.USER, parts).text();
    }

    /** The turns of a conversation, which every family needs to be non-empty and to open with the user. */
    public static List<Message> conversation(List<Message> messages) {
        if (messages.isEmpty()) {
            throw GatewayException.invalid("messages", "messages holds only system messages; add a user message");
        }
        if (messages.get(0).role() != Role.USER) {
            throw GatewayException.invalid("messages", "the conversation must start with a user message");
        }
        return messages;
    }

    /**
     * The texts of an embedding request: at least one, at most {@value #MAX_EMBEDDING_INPUTS}, none empty. OpenAI's
     * limit on inputs, kept for every API; the gateway splits them into as many Bedrock calls as each model needs.
     */
    public static List<String> embeddingInputs(String field, List<String> inputs) {
        if (inputs == null) {
            throw GatewayException.invalid(param(field), field + " is required: the texts to embed");
        }
        if (inputs.isEmpty()) {
            throw GatewayException.invalid(param(field), field + " is an empty list; send at least one text");
        }
        if (inputs.size() > MAX_EMBEDDING_INPUTS) {
            throw GatewayException.invalid(param(field), field + " holds " + inputs.size() + " texts; at most "
                    + MAX_EMBEDDING_INPUTS + " are allowed in one request");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null || inputs.get(i).isEmpty()) {
                throw GatewayException.invalid(param(field) + "[" + i + "]", field + "[" + i
                        + "] is empty; every input needs text to embed");
            }
        }
        return inputs;
    }

    /** A model or route name the caller may leave out, but not leave blank. */
    public static String optionalName(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw GatewayException.invalid(param(field), field + " is empty; leave it out or name one");
        }
        return value.strip();
    }

    public static void positive(String field, Number value) {
        if (value != null && value.longValue() <= 0) {
            throw GatewayException.invalid(param(field), field + " must be greater than 0, got " + value);
        }
    }

    public static void notNegative(String field, Number value) {
        if (value != null && value.doubleValue() < 0) {
            throw GatewayException.invalid(param(field), field + " must be 0 or more, got " + value);
        }
    }

    /** Temperature and top_p: every Bedrock family documents them between 0 and 1. */
    public static void unitInterval(String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw GatewayException.invalid(param(field), field + " must be between 0 and 1, got " + value);
        }
    }

    /**
     * The request field a check's description names, for the error's param: the description may add words after it
     * ("messages[0].content[0].image_url.url data").
     */
    static String param(String field) {
        int space = field.indexOf(' ');
        return space < 0 ? field : field.substring(0, space);
    }

    /** A JSON value's type as a refusal names it. */
    public static String nodeType(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isString()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return node.isArray() ? "a list" : "an object";
    }

    /** Stop sequences: a string or a list of non-empty strings. */
    public static List<String> stop(String field, JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        List<String> sequences = new ArrayList<>();
        if (stop.isString()) {
            sequences.add(stop.stringValue());
        } else if (stop.isArray()) {
            for (JsonNode item : stop) {
                if (!item.isString()) {
                    throw GatewayException.invalid(param(field), field + " must be a string or a list of strings");
                }
                sequences.add(item.stringValue());
            }
        } else {
            throw GatewayException.invalid(param(field), field + " must be a string or a list of strings");
        }
        if (sequences.stream().anyMatch(String::isEmpty)) {
            throw GatewayException.invalid(param(field), field + " holds an empty string");
        }
        if (sequences.size() > MAX_STOP_SEQUENCES) {
            throw GatewayException.invalid(param(field), field + " holds " + sequences.size() + " sequences; at most "
                    + MAX_STOP_SEQUENCES + " are allowed");
        }
        return sequences;
    }
}
