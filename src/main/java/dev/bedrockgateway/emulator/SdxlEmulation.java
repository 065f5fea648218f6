package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.OBJECT;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stability AI SDXL 1.0 InvokeModel: {@code {"text_prompts":[…],"width","height","seed",...}} →
 * {@code {"result":"success","artifacts":[{"seed","base64","finishReason"}]}} with a real one-colour PNG.
 */
final class SdxlEmulation implements NativeEmulation {

    static final BodySchema TEXT_PROMPT = BodySchema.of(
            required("text", STRING),
            optional("weight", NUMBER));

    static final BodySchema SCHEMA = BodySchema.of(
            required("text_prompts", ARRAY).minItems(1).items(OBJECT).nested(TEXT_PROMPT),
            optional("height", INTEGER),
            optional("width", INTEGER),
            optional("cfg_scale", NUMBER).range(0, 35),
            optional("clip_guidance_preset", STRING).oneOf("FAST_BLUE", "FAST_GREEN", "NONE", "SIMPLE", "SLOW", "SLOWER", "SLOWEST"),
            optional("sampler", STRING).oneOf("DDIM", "DDPM", "K_DPMPP_2M", "K_DPMPP_2S_ANCESTRAL", "K_DPM_2",
                    "K_DPM_2_ANCESTRAL", "K_EULER", "K_EULER_ANCESTRAL", "K_HEUN", "K_LMS"),
            optional("samples", INTEGER).range(1, 1),
            optional("seed", INTEGER).range(0, 4_294_967_295L),
            optional("steps", INTEGER).range(10, 150),
            optional("style_preset", STRING).oneOf("3d-model", "analog-film", "anime", "cinematic", "comic-book",
                    "digital-art", "enhance", "fantasy-art", "isometric", "line-art", "low-poly", "modeling-compound",
                    "neon-punk", "origami", "photographic", "pixel-art", "tile-texture"),
            optional("extras", OBJECT));

    /** The width×height pairs SDXL 1.0 accepts on Bedrock. */
    static final List<String> SIZES = List.of(
            "1024x1024", "1152x896", "1216x832", "1344x768", "1536x640", "640x1536", "768x1344", "832x1216", "896x1152");

    /** The longest prompt text SDXL takes on Bedrock. */
    static final int MAX_PROMPT_CHARS = 2000;

    /** Bedrock's default image side. */
    static final int DEFAULT_SIDE = 1024;
    /** Seed 0 asks for a random seed; the emulator derives one from the prompt instead, to stay deterministic. */
    static final long RANDOM_SEED = 0;
    private static final long MAX_SEED = 4_294_967_295L;

    /**
     * The schema, then each prompt's length: at most {@value #MAX_PROMPT_CHARS} characters
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-1-0-text-image.html, text:
     * minimum 0, maximum 2000), worded as Bedrock's schema words a maxLength.
     */
    private static void validate(JsonNode body) {
        Violations violations = new Violations();
        SCHEMA.check(body, List.of(), violations);
        if (violations.isEmpty()) {
            JsonNode prompts = body.get("text_prompts");
            for (int i = 0; i < prompts.size(); i++) {
                int length = prompts.get(i).get("text").asString().length();
                if (length > MAX_PROMPT_CHARS) {
                    violations.invalid(List.of("text_prompts", Integer.toString(i), "text"),
                            "expected maxLength: " + MAX_PROMPT_CHARS + ", actual: " + length);
                }
            }
        }
        violations.throwAsMalformedInput();
    }

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        validate(body);

        int width = body.path("width").asInt(DEFAULT_SIDE);
        int height = body.path("height").asInt(DEFAULT_SIDE);
        if (!SIZES.contains(width + "x" + height)) {
            throw BedrockError.validation("The provided image dimensions " + width + "x" + height
                    + " are not supported by " + model.modelId() + ". Use one of: " + String.join(", ", SIZES) + ".");
        }
        List<String> prompts = new ArrayList<>();
        for (JsonNode prompt : body.get("text_prompts").values()) {
            if (prompt.path("weight").asDouble(1.0) >= 0) {
                prompts.add(prompt.get("text").asString());
            }
        }
        String promptText = prompts.stream().collect(Collectors.joining("\n"));
        long seed = body.path("seed").asLong(RANDOM_SEED);
        if (seed == RANDOM_SEED) {
            seed = Math.floorMod(SyntheticText.seed("seed\n" + promptText), MAX_SEED) + 1;
        }
        int rgb = (int) (SyntheticText.seed("colour\n" + promptText + "\n" + seed) & 0xFFFFFF);
        byte[] png = PngImages.solid(width, height, rgb);

        ObjectNode answer = EmulatorJson.object().put("result", "success");
        answer.putArray("artifacts").addObject()
                .put("seed", seed)
                .put("base64", Base64.getEncoder().encodeToString(png))
                .put("finishReason", "SUCCESS");
        return new EmulatedAnswer(answer, EmulatorTokens.count(prompts), 0);
    }
}
