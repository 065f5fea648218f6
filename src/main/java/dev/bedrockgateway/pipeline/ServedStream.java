package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.StreamDispatch;
import dev.bedrockgateway.telemetry.Cost;
import java.math.BigDecimal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Flux;

/**
 * A streamed request a model has started to answer, with everything an API needs to render the stream.
 *
 * @param requestId the request's id, also sent as X-Request-Id
 * @param request   the canonical request
 * @param dispatch  the model that is answering and the route followed
 * @param events    the model's events, measured as they pass; subscribe once
 * @param lease     what ends the answer's body when the caller's connection closes
 */
public record ServedStream(String requestId, GenerationRequest request, StreamDispatch dispatch,
                           Flux<StreamEvent> events, StreamLease lease) implements Served {

    /** This stream with its events passed through {@code events}, leased to the caller's connection. */
    ServedStream leased(Flux<StreamEvent> events, StreamLease lease) {
        return new ServedStream(requestId, request, dispatch, events, lease);
    }

    /** This stream with its events passed through {@code events} (a policy watching them), on the same lease. */
    public ServedStream withEvents(Flux<StreamEvent> events) {
        return new ServedStream(requestId, request, dispatch, events, lease);
    }

    /** The cost of the tokens the stream used, as written in answers. */
    public BigDecimal cost(Usage usage) {
        return ServedRequest.written(Cost.of(dispatch.model(), usage));
    }

    public RouteBody route() {
        return ServedRequest.route(dispatch.decision(), dispatch.attempts());
    }

    /**
     * A 200 streaming {@code body} as server-sent events. The headers go out with the first event, once the model is
     * known, so they can name it; proxies are asked not to cache or buffer the stream. The body ends, with nothing
     * more written, when the caller's connection closes.
     */
    public <T> ResponseEntity<Flux<T>> ok(Flux<T> body) {
        HttpHeaders headers = ServedRequest.gatewayHeaders(MediaType.TEXT_EVENT_STREAM, dispatch.model().alias(),
                dispatch.decision().route());
        headers.setCacheControl("no-cache");
        return ResponseEntity.ok().headers(headers).body(lease.body(body));
    }
}
