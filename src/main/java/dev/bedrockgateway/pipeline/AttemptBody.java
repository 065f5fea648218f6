package dev.bedrockgateway.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One attempt on a route, as answers and problems write it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptBody(String model, String deployment, String outcome, @JsonProperty("latency_ms") long latencyMs,
                          String detail) {
}
