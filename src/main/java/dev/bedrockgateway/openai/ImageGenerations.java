package dev.bedrockgateway.openai;

import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.ServedRequest;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.ImageOptions;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps OpenAI image generations to the canonical image request and back. Images come back as {@code b64_json} only,
 * the default here: the gateway stores nothing, so it has no URL to give.
 */
public final class ImageGenerations {

    /**
     * OpenAI's non-square sizes, mapped to the SDXL size of the same shape (1792x1024 is 1.75:1, as is 1344x768).
     * Any other size passes as it is, and the image model refuses it with the list of sizes it can make.
     */
    static final Map<String, String> OPENAI_SIZES = Map.of(
            "auto", "1024x1024",
            "1792x1024", "1344x768",
            "1024x1792", "768x1344",
            "1536x1024", "1216x832",
            "1024x1536", "832x1216");

    /** Quality values that ask for nothing beyond the model's default. */
    private static final Set<String> DEFAULT_QUALITIES = Set.of("auto", "standard");

    private static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    private ImageGenerations() {
    }

    public static GenerationRequest toCanonical(ImageGenerationRequest body) {
        if (body.prompt() == null || body.prompt().isBlank()) {
            throw GatewayException.invalid("prompt", "prompt is required: describe the image");
        }
        if (body.responseFormat() != null && !body.responseFormat().equals("b64_json")) {
            throw GatewayException.invalid("response_format", "response_format '" + body.responseFormat()
                    + "' is not supported: the gateway stores no images, so it answers with b64_json only");
        }
        if (body.quality() != null && !DEFAULT_QUALITIES.contains(body.quality())) {
            throw GatewayException.invalid("quality", "quality '" + body.quality() + "' is not supported; use standard"
                    + " or auto, or the native API's image.steps for more detail");
        }
        if (body.style() != null) {
            throw GatewayException.invalid("style", "style is DALL-E 3's and has no SDXL counterpart here; leave it"
                    + " out, or use the native API's image.style_preset");
        }
        RequestChecks.positive("n", body.n());
        ModelChoice choice = ModelChoice.of(body.model(), false);
        Matcher size = size(body.size());
        ImageOptions options = new ImageOptions(size == null ? null : Integer.valueOf(size.group(1)),
                size == null ? null : Integer.valueOf(size.group(2)), body.n(), null, null, null, null, null);
        return new GenerationRequest(Task.IMAGE, null, List.of(Message.user(body.prompt())), null, options,
                null, choice.model(), choice.route(), new RequestMetadata(body.user(), Map.of()));
    }

    private static Matcher size(String size) {
        if (size == null) {
            return null;
        }
        Matcher matcher = SIZE.matcher(OPENAI_SIZES.getOrDefault(size, size));
        if (!matcher.matches()) {
            throw GatewayException.invalid("size", "size '" + size + "' must be WIDTHxHEIGHT, such as 1024x1024");
        }
        return matcher;
    }

    public static ImagesResponse answer(ServedRequest served) {
        return new ImagesResponse(Instant.now().getEpochSecond(), served.dispatch().result().images().stream()
                .map(image -> new ImagesResponse.ImageData(image.base64(), image.seed())).toList(),
                GatewayDetails.of(served));
    }
}
