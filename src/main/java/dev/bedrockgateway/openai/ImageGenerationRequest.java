package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /v1/images/generations} as OpenAI defines it for DALL·E; {@link ImageGenerations} maps
 * it to an image request. Fields only GPT image models have (background, output_format, ...) are unknown here.
 */
public record ImageGenerationRequest(
        String prompt,
        String model,
        Integer n,
        String size,
        @JsonProperty("response_format") String responseFormat,
        String quality,
        String style,
        String user) {
}
