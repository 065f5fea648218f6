package dev.bedrockgateway.provider.stability;

import dev.bedrockgateway.provider.StreamTally;
import dev.bedrockgateway.provider.ModelAdapter;
import dev.bedrockgateway.core.StreamEvent;
import static dev.bedrockgateway.provider.ParameterTable.reject;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GeneratedImage;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.ImageOptions;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.InvokeModelAdapter;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.ParameterTable;
import dev.bedrockgateway.provider.ParameterTable.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stability AI's SDXL 1.0 ({@code stability.stable-diffusion-xl-v1}) text-to-image on Bedrock.
 * SDXL on Bedrock makes one image per call, so a request for several images becomes that many concurrent calls.
 */
@Component
public class SdxlAdapter implements InvokeModelAdapter {

    /**
     * Most images one request may ask for. Each image is a separate, separately billed Bedrock call, so this bounds
     * the fan-out one caller can put on the model's concurrency quota and on the bill.
     */
    static final int MAX_IMAGES = 4;
    /**
     * Longest text of one text_prompts entry on Bedrock
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-1-0-text-image.html: text,
     * minimum 0, maximum 2000).
     */
    static final int MAX_PROMPT_CHARS = 2000;

    /** Seeds are unsigned 32-bit on SDXL; consecutive seeds for several images wrap around past the top. */
    static final long MAX_SEED = 4_294_967_295L;

    /** The size used when the caller names none: SDXL's native square. */
    static final Size DEFAULT_SIZE = new Size(1024, 1024);

    /** The only width×height pairs SDXL 1.0 accepts (AWS "Stability.ai Diffusion 1.0 text to image" page). */
    static final List<Size> SIZES = List.of(new Size(1024, 1024), new Size(1152, 896), new Size(1216, 832),
            new Size(1344, 768), new Size(1536, 640), new Size(640, 1536), new Size(768, 1344), new Size(832, 1216),
            new Size(896, 1152));

    /** style_preset values SDXL documents (Stability's v1 generation API, which Bedrock passes through). */
    static final Set<String> STYLE_PRESETS = Set.of("3d-model", "analog-film", "anime", "cinematic", "comic-book",
            "digital-art", "enhance", "fantasy-art", "isometric", "line-art", "low-poly", "modeling-compound",
            "neon-punk", "origami", "photographic", "pixel-art", "tile-texture");

    /**
     * Numeric options that are only renames and documented ranges. Rejected, never clamped: a clamped step count,
     * guidance scale or seed would silently make a different image than the one the caller asked for.
     */
    private static final ParameterTable<ImageOptions> NUMBERS = ParameterTable.of(
            reject(new Field<>("image.cfg_scale", ImageOptions::cfgScale), "cfg_scale", 0, 35),
            reject(new Field<>("image.steps", ImageOptions::steps), "steps", 10, 150),
            reject(new Field<>("image.seed", ImageOptions::seed), "seed", 0, MAX_SEED));

    /**
     * Only checked, never sent: each call asks for "samples": 1 and the count becomes the number of calls. Rejected,
     * since clamping would return fewer images than asked for.
     */
    private static final ParameterTable.Row<ImageOptions> COUNT =
            reject(new Field<>("image.count", ImageOptions::count), "count", 1, MAX_IMAGES);

    /** One image size SDXL can make. */
    record Size(int width, int height) {

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.STABILITY;
    }

    /** Validates the whole request before any call, then asks for one image per call, concurrently. */
    @Override
    public Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromCallable(() -> bodies(request, model))
                .flatMapMany(Flux::fromIterable)
                .flatMapSequential(body -> transport.invoke(model.id(), NativeJson.bytes(body))
                        .map(result -> parseResponse(NativeJson.read(result.body(), model), result)))
                .collectList()
                .map(SdxlAdapter::merged);
    }

    /**
     * A prompt over SDXL's {@value #MAX_PROMPT_CHARS} characters is refused here with a 400 that says so, rather than
     * by Bedrock's bare schema error after the call.
     */
    private static void requireShortEnough(String what, String text) {
        if (text != null && text.length() > MAX_PROMPT_CHARS) {
            throw GatewayException.invalid(what + " has " + text.length() + " characters; SDXL takes at most "
                    + MAX_PROMPT_CHARS + ".");
        }
    }

    /** The body of the first (or only) image; {@link #generate} derives one body per image from it. */
    @Override
    public ObjectNode requestBody(GenerationRequest request, ModelSpec model) {
        ImageOptions image = request.image();
        String prompt = request.lastUserText();
        if (prompt == null || prompt.isBlank()) {
            throw GatewayException.invalid("SDXL needs a prompt: the last user message has no text.");
        }
        if (request.hasImages()) {
            throw GatewayException.invalid("Model " + model.alias() + " makes images from text only;"
                    + " remove the image parts from the messages.");
        }
        COUNT.read(image, model);
        requireShortEnough("The prompt", prompt);
        requireShortEnough("image.negative_prompt", image.negativePrompt());
        ObjectNode body = NativeJson.object();
        ArrayNode prompts = body.putArray("text_prompts");
        prompts.addObject().put("text", prompt).put("weight", 1.0);
        if (image.negativePrompt() != null && !image.negativePrompt().isBlank()) {
            prompts.addObject().put("text", image.negativePrompt()).put("weight", -1.0);
        }
        NUMBERS.writeTo(body, image, model);
        Size size = size(image);
        body.put("width", size.width());
        body.put("height", size.height());
        if (image.stylePreset() != null) {
            body.put("style_preset", stylePreset(image.stylePreset()));
        }
        body.put("samples", 1);
        return body;
    }

    @Override
    public GenerationResult parseResponse(JsonNode body, InvokeResult result) {
        JsonNode artifacts = body.get("artifacts");
        if (artifacts == null || !artifacts.isArray() || artifacts.size() == 0) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "SDXL answered without any artifacts (result: "
                    + body.path("result").asString("none") + ")");
        }
        List<GeneratedImage> images = new ArrayList<>();
        boolean filtered = false;
        for (JsonNode artifact : artifacts) {
            String reason = artifact.path("finishReason").asString("SUCCESS");
            if ("SUCCESS".equals(reason)) {
                images.add(image(artifact));
            } else if ("CONTENT_FILTERED".equals(reason)) {
                filtered = true;
            }
        }
        return new GenerationResult("", images, finishReason(!images.isEmpty(), filtered), Usage.NONE);
    }

    /** One body per requested image; with a seed, image i gets seed + i so the set is reproducible. */
    private List<ObjectNode> bodies(GenerationRequest request, ModelSpec model) {
        ObjectNode first = requestBody(request, model);
        Long seed = request.image().seed();
        int count = request.image().count() == null ? 1 : request.image().count();
        List<ObjectNode> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode body = first.deepCopy();
            if (seed != null) {
                body.put("seed", (seed + i) % (MAX_SEED + 1));
            }
            bodies.add(NativeJson.withOptions(body, request));
        }
        return bodies;
    }

    private static Size size(ImageOptions image) {
        if (image.width() == null && image.height() == null) {
            return DEFAULT_SIZE;
        }
        Size size = image.width() == null || image.height() == null ? null : new Size(image.width(), image.height());
        if (size == null || !SIZES.contains(size)) {
            throw GatewayException.invalid("image.width and image.height must be given together as one of SDXL's"
                    + " sizes: " + SIZES.stream().map(Size::toString).collect(Collectors.joining(", "))
                    + "; got " + image.width() + "x" + image.height());
        }
        return size;
    }

    private static String stylePreset(String preset) {
        if (!STYLE_PRESETS.contains(preset)) {
            throw GatewayException.invalid("image.style_preset '" + preset + "' is not an SDXL style; use one of "
                    + String.join(", ", STYLE_PRESETS.stream().sorted().toList()));
        }
        return preset;
    }

    private static GeneratedImage image(JsonNode artifact) {
        String base64 = artifact.path("base64").asString("");
        if (base64.isEmpty()) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "SDXL reported success for an artifact with no image");
        }
        JsonNode seed = artifact.path("seed");
        return new GeneratedImage(base64, seed.isNumber() ? seed.longValue() : null);
    }

    /**
     * Any image made means STOP: the caller gets what was made (possibly fewer than asked for). With none, a filter
     * that fired is the reason; otherwise the model failed.
     */
    private static FinishReason finishReason(boolean anyImage, boolean anyFiltered) {
        if (anyImage) {
            return FinishReason.STOP;
        }
        return anyFiltered ? FinishReason.CONTENT_FILTER : FinishReason.ERROR;
    }

    private static GenerationResult merged(List<GenerationResult> results) {
        if (results.size() == 1) {
            return results.get(0);
        }
        List<GeneratedImage> images = results.stream().flatMap(result -> result.images().stream()).toList();
        boolean filtered = results.stream().anyMatch(result -> result.finishReason() == FinishReason.CONTENT_FILTER);
        return new GenerationResult("", images, finishReason(!images.isEmpty(), filtered), Usage.NONE);
    }

    /** SDXL answers with whole images: Bedrock has no stream for it. */
    @Override
    public Flux<StreamEvent> stream(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return ModelAdapter.cannotStream(model);
    }

    @Override
    public String readChunk(JsonNode chunk, StreamTally tally) {
        throw new IllegalStateException("SDXL is never streamed");
    }
}
