package dev.bedrockgateway.api;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.Dispatcher;
import dev.bedrockgateway.dispatch.StreamDispatch;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one path every API's request takes once it is canonical: routing, dispatch, cost and metrics. An API only
 * maps its wire format to a {@link GenerationRequest} and renders the {@link ServedRequest}.
 */
@Component
public class RequestPipeline {

    /** Events asked of the model's stream at a time: enough to keep it flowing, few enough to buffer little. */
    private static final int STREAM_PREFETCH = 16;

    private final Router router;
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    public RequestPipeline(Router router, Dispatcher dispatcher, GatewayMetrics metrics) {
        this.router = router;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    /**
     * Serves a request.
     *
     * @param api       the API's name for metrics ("native", "openai")
     * @param canonical reads and checks the caller's body; run lazily, so its refusals count as failed requests
     */
    public Mono<ServedRequest> serve(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, canonical, exchange, dispatcher::dispatch, this::served);
    }

    /**
     * Serves a request as a stream. The Mono answers once a model has sent its first event, so a request that fails
     * before that (bad input, unknown model, every candidate failed) still gets an ordinary error answer.
     */
    public Mono<ServedStream> stream(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, canonical, exchange, dispatcher::stream, this::streamed);
    }

    /** Reads a body for an API that must look at it before it knows which way to serve it. */
    public <T> Mono<T> read(String api, Supplier<T> body) {
        return counted(api, Mono.fromSupplier(body));
    }

    /** Routes and dispatches a request one way (whole or streamed), and makes the API's served request of it. */
    private <D, S> Mono<S> serve(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange,
                                 BiFunction<GenerationRequest, RouteDecision, Mono<D>> dispatch, Served<D, S> served) {
        RequestContext context = RequestContext.of(exchange);
        return counted(api, Mono.fromSupplier(canonical)
                .flatMap(request -> dispatch.apply(request,
                                router.route(request, exchange.getRequest().getHeaders()::getFirst))
                        .map(dispatched -> served.of(api, request, dispatched, context))));
    }

    /** Counts a refusal or failure before any answer as a failed request. */
    private <T> Mono<T> counted(String api, Mono<T> answer) {
        return answer.doOnError(GatewayException.class, error -> metrics.failed(api, null, error.kind().code()));
    }

    /** Makes an API's served request from what the dispatcher returned. */
    @FunctionalInterface
    private interface Served<D, S> {
        S of(String api, GenerationRequest request, D dispatch, RequestContext context);
    }

    /**
     * The stream, measured. Demand is passed up in small batches, so a slow reader slows the model's stream (down to
     * the SDK's reads from the socket) instead of making the gateway buffer what the reader has not taken.
     */
    private ServedStream streamed(String api, GenerationRequest request, StreamDispatch dispatch,
                                  RequestContext context) {
        metrics.streamStarted(dispatch, System.nanoTime() - context.startNanos());
        Flux<StreamEvent> events = dispatch.events()
                .limitRate(STREAM_PREFETCH)
                .doOnNext(event -> {
                    if (event instanceof StreamEvent.End end) {
                        metrics.streamEnded(api, dispatch, end.usage(), Cost.of(dispatch.model(), end.usage()));
                    }
                })
                .doOnError(error -> metrics.failed(api, dispatch.decision().route(),
                        error instanceof GatewayException failure ? failure.kind().code() : ErrorKind.INTERNAL.code()))
                .doFinally(signal -> metrics.streamClosed(dispatch, switch (signal) {
                    case ON_COMPLETE -> "ok";
                    case CANCEL -> "cancelled";
                    default -> "failed";
                }, System.nanoTime() - context.startNanos()));
        return new ServedStream(context.requestId(), request, dispatch, events);
    }

    private ServedRequest served(String api, GenerationRequest request, Dispatch dispatch, RequestContext context) {
        double cost = Cost.of(dispatch.model(), request, dispatch.result());
        long totalNanos = System.nanoTime() - context.startNanos();
        metrics.succeeded(api, dispatch, cost, totalNanos);
        return new ServedRequest(context.requestId(), request, dispatch, cost, totalNanos,
                Math.max(0, totalNanos - dispatch.upstreamNanos()));
    }
}
