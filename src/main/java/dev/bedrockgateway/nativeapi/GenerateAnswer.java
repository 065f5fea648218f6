package dev.bedrockgateway.nativeapi;

import dev.bedrockgateway.pipeline.RouteBody;
import dev.bedrockgateway.pipeline.UsageBody;
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
}
