package dev.bedrockgateway.telemetry;

import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import java.util.Map;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/** The trace a request belongs to, read from the WebFlux server observation that carries its span. */
public final class CurrentTrace {

    private CurrentTrace() {
    }

    /** The W3C trace id of the request's server span, or null when tracing is off. */
    public static String traceId(Map<String, Object> exchangeAttributes) {
        return ServerRequestObservationContext.findCurrent(exchangeAttributes)
                .map(context -> context.<TracingContext>get(TracingContext.class))
                .map(TracingContext::getSpan)
                .map(span -> span.context().traceId())
                .filter(id -> !id.isEmpty() && !id.chars().allMatch(c -> c == '0'))
                .orElse(null);
    }
}
