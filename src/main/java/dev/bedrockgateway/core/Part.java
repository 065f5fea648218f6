package dev.bedrockgateway.core;

import java.util.Objects;

/**
 * One piece of a message: text, or an image given inline (vision input).
 *
 * @param text      the text, for a text part
 * @param mediaType the image's media type (image/png, image/jpeg, image/gif, image/webp), for an image part
 * @param data      the image's raw bytes (already decoded from base64), for an image part
 */
public record Part(String text, String mediaType, byte[] data) {

    public Part {
        if ((text == null) == (data == null)) {
            throw new IllegalArgumentException("a part is either text or an image");
        }
        if (data != null) {
            Objects.requireNonNull(mediaType, "an image part needs a media type");
        }
    }

    public static Part text(String text) {
        return new Part(Objects.requireNonNull(text), null, null);
    }

    public static Part image(String mediaType, byte[] data) {
        return new Part(null, mediaType, Objects.requireNonNull(data));
    }

    public boolean isText() {
        return text != null;
    }

    public boolean isImage() {
        return data != null;
    }

    /** The image format without the "image/" prefix, as Converse names it (png, jpeg, gif, webp). */
    public String imageFormat() {
        return mediaType.substring(mediaType.indexOf('/') + 1);
    }
}
