package dev.bedrockgateway.core;

/**
 * What an image request asks for; a null field means "the model's default".
 *
 * @param count number of images (SDXL on Bedrock makes one per call)
 */
public record ImageOptions(Integer width, Integer height, Integer count, Integer steps, Double cfgScale, Long seed,
                           String negativePrompt, String stylePreset) {

    public static final ImageOptions DEFAULTS = new ImageOptions(null, null, null, null, null, null, null, null);
}
