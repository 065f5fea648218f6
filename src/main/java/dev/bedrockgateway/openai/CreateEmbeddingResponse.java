package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's answer to an embedding request, with the gateway's own details under {@code x_gateway}. */
public record CreateEmbeddingResponse(String object, List<EmbeddingData> data, String model, EmbeddingUsage usage,
                                      @JsonProperty("x_gateway") GatewayDetails gateway) {

    /**
     * One input's vector.
     *
     * @param embedding a list of floats, or a base64 string of the floats as little-endian float32
     */
    public record EmbeddingData(String object, int index, Object embedding) {
    }

    /** Tokens read; an embedding writes none, so the total is the prompt's. */
    public record EmbeddingUsage(@JsonProperty("prompt_tokens") int promptTokens,
                                 @JsonProperty("total_tokens") int totalTokens) {
    }
}
