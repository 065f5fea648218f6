package dev.bedrockgateway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts, as every API of the gateway writes them. */
public record UsageBody(@JsonProperty("input_tokens") int inputTokens,
                        @JsonProperty("output_tokens") int outputTokens,
                        @JsonProperty("total_tokens") int totalTokens) {
}
