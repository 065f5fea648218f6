package dev.bedrockgateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The answer of {@code POST /v1/generate} (DESIGN §3). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GenerateAnswer(
        String id,
        String model,
        String alias,
        String provider,
        Output output,
        @JsonProperty("finish_reason") String finishReason,
        UsageBody usage,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        RouteBody route,
        @JsonProperty("latency_ms") long latencyMs) {

    /** Generated text, or images for image requests, and the tools the model called. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Output(String text, List<ImageBody> images, @JsonProperty("tool_calls") List<ToolCallBody> toolCalls) {
    }

    /** One tool call: its id (which the tool's result quotes), the tool, and its arguments as a JSON object. */
    public record ToolCallBody(String id, String name, JsonNode arguments) {
    }

    /** One image: base64 PNG and its seed. */
    public record ImageBody(String base64, Long seed) {
    }

    /** Token counts. */
    public record UsageBody(@JsonProperty("input_tokens") int inputTokens,
                            @JsonProperty("output_tokens") int outputTokens,
                            @JsonProperty("total_tokens") int totalTokens) {
    }

    /** The route followed and every attempt made on it. */
    public record RouteBody(String name, String strategy, List<AttemptBody> attempts) {
    }

    /** One attempt. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptBody(String model, String outcome, @JsonProperty("latency_ms") long latencyMs,
                              String detail) {
    }
}
