package dev.bedrockgateway.core;

import java.util.Objects;
import java.util.stream.Stream;

/**
 * One piece of a message: text, an image given inline (vision input), a tool call the assistant made, or a tool's
 * result the user sends back.
 *
 * @param text       the text, for a text part
 * @param mediaType  the image's media type (image/png, image/jpeg, image/gif, image/webp), for an image part
 * @param data       the image's raw bytes (already decoded from base64), for an image part
 * @param toolCall   the call, for an assistant's tool-call part
 * @param toolResult the result, for a user's tool-result part
 */
public record Part(String text, String mediaType, byte[] data, ToolCall toolCall, ToolResult toolResult) {

    public Part {
        if (Stream.of(text, data, toolCall, toolResult).filter(Objects::nonNull).count() != 1) {
            throw new IllegalArgumentException("a part is exactly one of text, an image, a tool call or a tool result");
        }
        if (data != null) {
            Objects.requireNonNull(mediaType, "an image part needs a media type");
        }
    }

    public static Part text(String text) {
        return new Part(Objects.requireNonNull(text), null, null, null, null);
    }

    public static Part image(String mediaType, byte[] data) {
        return new Part(null, mediaType, Objects.requireNonNull(data), null, null);
    }

    public static Part toolCall(ToolCall call) {
        return new Part(null, null, null, Objects.requireNonNull(call), null);
    }

    public static Part toolResult(ToolResult result) {
        return new Part(null, null, null, null, Objects.requireNonNull(result));
    }

    public boolean isText() {
        return text != null;
    }

    public boolean isImage() {
        return data != null;
    }

    /** Whether it is a tool call or a tool result, which only tool-capable models take. */
    public boolean isTool() {
        return toolCall != null || toolResult != null;
    }

    /** The image format without the "image/" prefix, as Converse names it (png, jpeg, gif, webp). */
    public String imageFormat() {
        return mediaType.substring(mediaType.indexOf('/') + 1);
    }
}
