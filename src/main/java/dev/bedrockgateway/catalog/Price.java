package dev.bedrockgateway.catalog;

/**
 * On-demand prices in USD, kept in configuration because AWS changes them.
 *
 * @param inputPer1k         per 1,000 input tokens
 * @param outputPer1k        per 1,000 output tokens
 * @param perImage           per generated image
 * @param perImageHighSteps  per image made with more than {@link #HIGH_STEPS} steps (SDXL charges more), or null for the same as perImage
 */
public record Price(double inputPer1k, double outputPer1k, double perImage, Double perImageHighSteps) {

    /** SDXL on Bedrock prices an image made with more than 50 steps higher. */
    public static final int HIGH_STEPS = 50;

    public static final Price FREE = new Price(0, 0, 0, null);

    public double tokens(int inputTokens, int outputTokens) {
        return inputTokens / 1000.0 * inputPer1k + outputTokens / 1000.0 * outputPer1k;
    }

    public double images(int count, int steps) {
        double each = steps > HIGH_STEPS && perImageHighSteps != null ? perImageHighSteps : perImage;
        return count * each;
    }
}
