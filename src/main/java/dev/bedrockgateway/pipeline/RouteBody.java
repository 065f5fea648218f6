package dev.bedrockgateway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The route followed and every attempt made on it, as every answer of the gateway writes it. */
public record RouteBody(String name, String strategy, List<AttemptBody> attempts) {
}
