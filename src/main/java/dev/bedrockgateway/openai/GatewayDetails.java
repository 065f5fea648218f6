package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.pipeline.RouteBody;
import dev.bedrockgateway.pipeline.ServedEmbeddings;
import dev.bedrockgateway.pipeline.ServedRequest;
import java.math.BigDecimal;

/**
 * What the gateway adds to an OpenAI answer under {@code x_gateway}: OpenAI clients ignore unknown fields, and a
 * caller who wants to know which Bedrock model answered and what it cost finds it here.
 */
public record GatewayDetails(
        String provider,
        @JsonProperty("bedrock_model") String bedrockModel,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        RouteBody route,
        @JsonProperty("latency_ms") long latencyMs) {

    static GatewayDetails of(ServedEmbeddings served) {
        return new GatewayDetails(served.dispatch().model().provider(), served.dispatch().model().id(), served.cost(),
                served.route(), served.latencyMs());
    }

    static GatewayDetails of(ServedRequest served) {
        return new GatewayDetails(served.dispatch().model().provider(), served.dispatch().model().id(), served.cost(),
                served.route(), served.latencyMs());
    }
}
