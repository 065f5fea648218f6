package dev.bedrockgateway.nativeapi;

import dev.bedrockgateway.pipeline.UsageBody;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.pipeline.RouteBody;
import java.math.BigDecimal;
import java.util.List;

/** The answer of {@code POST /v1/embed}: one vector per input, in the inputs' order. */
public record EmbedAnswer(
        String id,
        String model,
        String alias,
        String provider,
        List<float[]> embeddings,
        int dimensions,
        UsageBody usage,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        RouteBody route,
        @JsonProperty("latency_ms") long latencyMs) {

    /** Tokens read; an embedding model writes none. */
    public record UsageBody(@JsonProperty("input_tokens") int inputTokens,
                            @JsonProperty("total_tokens") int totalTokens) {
    }
}
