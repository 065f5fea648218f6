package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's answer to an image generation, with the gateway's own details under {@code x_gateway}. */
public record ImagesResponse(long created, List<ImageData> data, @JsonProperty("x_gateway") GatewayDetails gateway) {

    /**
     * One image as base64 PNG, with the seed that reproduces it (an extra field). No {@code revised_prompt}: SDXL
     * draws the prompt as given.
     */
    public record ImageData(@JsonProperty("b64_json") String b64Json, Long seed) {
    }
}
