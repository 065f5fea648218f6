package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.DispatchFailure;
import dev.bedrockgateway.dispatch.Dispatcher;
import dev.bedrockgateway.dispatch.EmbeddingDispatch;
import dev.bedrockgateway.dispatch.StreamDispatch;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import dev.bedrockgateway.telemetry.GenAiObservations;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one path every API's request takes once it is canonical: routing, dispatch, cost, metrics and the access
 * log. An API only maps its wire format to a {@link GenerationRequest} and renders the served request or stream.
 */
@Component
public class RequestPipeline {

    private static final String NONE = "none";

    /** Events asked of the model's stream at a time: enough to keep it flowing, few enough to buffer little. */
    private static final int STREAM_PREFETCH = 16;

    private final Router router;
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;
    private final GenAiObservations observations;
    private final AccessLog accessLog;
    private final ActiveRouteTable tables;

    public RequestPipeline(Router router, Dispatcher dispatcher, GatewayMetrics metrics,
                           GenAiObservations observations, AccessLog accessLog, ActiveRouteTable tables) {
        this.router = router;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.observations = observations;
        this.accessLog = accessLog;
        this.tables = tables;
    }

    /**
     * Serves a request.
     *
     * @param api       the API's name for metrics ("native", "openai")
     * @param canonical reads and checks the caller's body; run lazily, so its refusals count as failed requests
     */
    public Mono<ServedRequest> serve(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, canonical, exchange, GENERATION, dispatcher::dispatch, this::served);
    }

    /**
     * Serves a request as a stream. The Mono answers once a model has sent its first event, so a request that fails
     * before that (bad input, unknown model, every candidate failed) still gets an ordinary error answer.
     */
    public Mono<ServedStream> stream(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, canonical, exchange, GENERATION, dispatcher::stream, this::streamed)
                // A stream that opened in the very instant its caller left is dropped by Reactor on its way here, with
                // its upstream call running: cancel it. Once served, the stream's lease takes over.
                .doOnDiscard(Flux.class, StreamLease::cancel)
                .doOnDiscard(StreamDispatch.class, dispatch -> StreamLease.cancel(dispatch.events()))
                .doOnDiscard(ServedStream.class, served -> StreamLease.cancel(served.events()));
    }

    /** Serves an embedding request: the same routing, guards, fallback, metrics and access log as a generation. */
    public Mono<ServedEmbeddings> embed(String api, Supplier<EmbeddingRequest> canonical, ServerWebExchange exchange) {
        return serve(api, canonical, exchange, EMBEDDING, dispatcher::embed, this::embedded);
    }

    /** Reads a body for an API that must look at it before it knows which way to serve it. */
    public <T> Mono<T> read(String api, Supplier<T> body, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return Mono.fromSupplier(body).onErrorResume(error -> failed(api, null, error, context, exchange));
    }

    /** How the router is asked about one kind of canonical request. */
    @FunctionalInterface
    private interface Routing<Q> {
        RouteDecision route(Router router, Q request, UnaryOperator<String> header);
    }

    /**
     * What the pipeline must know of a kind of canonical request besides how to dispatch it.
     *
     * @param routing how it is routed
     * @param prompt  its text, for an access log that includes content
     */
    private record Kind<Q>(Routing<Q> routing, Function<Q, String> prompt) {
    }

    private static final Kind<GenerationRequest> GENERATION = new Kind<>(Router::route, AccessLog::prompt);
    private static final Kind<EmbeddingRequest> EMBEDDING = new Kind<>(Router::route, AccessLog::prompt);

    /** Routes and dispatches a request one way (whole, streamed, embedded), and makes the API's served request of it. */
    private <Q, D, S> Mono<S> serve(String api, Supplier<Q> canonical, ServerWebExchange exchange, Kind<Q> kind,
                                    BiFunction<Q, RouteDecision, Mono<D>> dispatch, Served<Q, D, S> served) {
        RequestContext context = RequestContext.of(exchange);
        return Mono.fromSupplier(canonical)
                .onErrorResume(error -> failed(api, null, error, context, exchange))
                .flatMap(request -> observations.decide(() -> kind.routing()
                                .route(router, request, exchange.getRequest().getHeaders()::getFirst))
                        .flatMap(decision -> dispatch.apply(request, decision))
                        .map(dispatched -> served.of(api, request, dispatched, context, exchange))
                        .onErrorResume(error -> failed(api, () -> kind.prompt().apply(request), error, context,
                                exchange)))
                .doOnCancel(() -> failed(api, null, new GatewayException(ErrorKind.CANCELLED,
                        "The caller closed the connection before its answer"), context, exchange));
    }

    /** Makes an API's served request from what the dispatcher returned. */
    @FunctionalInterface
    private interface Served<Q, D, S> {
        S of(String api, Q request, D dispatch, RequestContext context, ServerWebExchange exchange);
    }

    private ServedEmbeddings embedded(String api, EmbeddingRequest request, EmbeddingDispatch dispatch,
                                      RequestContext context, ServerWebExchange exchange) {
        double cost = Cost.of(dispatch.model(), dispatch.result().usage());
        long totalNanos = System.nanoTime() - context.startNanos();
        metrics.embedded(api, dispatch, cost, totalNanos);
        ServedEmbeddings served = new ServedEmbeddings(context.requestId(), request, dispatch, cost, totalNanos,
                Math.max(0, totalNanos - dispatch.upstreamNanos()));
        accessLog.embedded(exchange, api, served);
        return served;
    }

    private ServedRequest served(String api, GenerationRequest request, Dispatch dispatch, RequestContext context,
                                 ServerWebExchange exchange) {
        double cost = Cost.of(dispatch.model(), request, dispatch.result());
        long totalNanos = System.nanoTime() - context.startNanos();
        metrics.succeeded(api, dispatch, cost, totalNanos);
        ServedRequest served = new ServedRequest(context.requestId(), request, dispatch, cost, totalNanos,
                Math.max(0, totalNanos - dispatch.upstreamNanos()));
        accessLog.served(exchange, api, served);
        return served;
    }

    /**
     * The stream, measured and logged when it closes. Demand is passed up in small batches, so a slow reader slows
     * the model's stream (down to the SDK's reads from the socket) instead of making the gateway buffer what the
     * reader has not taken.
     */
    private ServedStream streamed(String api, GenerationRequest request, StreamDispatch dispatch,
                                  RequestContext context, ServerWebExchange exchange) {
        metrics.streamStarted(dispatch, System.nanoTime() - context.startNanos());
        AtomicReference<Usage> usage = new AtomicReference<>();
        AtomicReference<ServedStream> served = new AtomicReference<>();
        ModelSpec model = dispatch.model();
        Flux<StreamEvent> events = dispatch.events()
                .limitRate(STREAM_PREFETCH)
                .doOnNext(event -> {
                    if (event instanceof StreamEvent.End end) {
                        usage.set(end.usage());
                        metrics.streamEnded(api, dispatch, end.usage(), Cost.of(model, end.usage()));
                    }
                })
                .doOnError(error -> metrics.failed(api, model.alias(), model.provider(), dispatch.decision().route(),
                        error instanceof GatewayException failure ? failure.kind().code() : ErrorKind.INTERNAL.code(),
                        System.nanoTime() - context.startNanos()))
                .doFinally(signal -> {
                    String outcome = switch (signal) {
                        case ON_COMPLETE -> "ok";
                        case CANCEL -> "cancelled";
                        default -> "failed";
                    };
                    long totalNanos = System.nanoTime() - context.startNanos();
                    metrics.streamClosed(api, dispatch, outcome, totalNanos);
                    accessLog.streamed(exchange, api, served.get(), outcome, totalNanos, usage.get());
                });
        // Set before the lease, which may cancel the stream (and so log it) at once when the caller is already gone.
        served.set(new ServedStream(context.requestId(), request, dispatch, events));
        return new ServedStream(context.requestId(), request, dispatch, StreamLease.of(events, exchange));
    }

    /**
     * Counts and logs a failed request, then passes the error on to the error handler. Errors that are not the
     * gateway's own are left to the error handler, which decides their status.
     */
    private <T> Mono<T> failed(String api, Supplier<String> prompt, Throwable error, RequestContext context,
                               ServerWebExchange exchange) {
        if (error instanceof GatewayException failure && !accessLog.written(exchange)) {
            long totalNanos = System.nanoTime() - context.startNanos();
            String route = NONE;
            String model = NONE;
            String provider = NONE;
            long upstreamNanos = 0;
            if (failure instanceof DispatchFailure dispatch) {
                route = dispatch.route();
                ModelSpec tried = tables.current().catalog().byAlias(AccessLog.lastTried(dispatch.attempts()));
                if (tried != null) {
                    model = tried.alias();
                    provider = tried.provider();
                }
                upstreamNanos = TimeUnit.MILLISECONDS.toNanos(
                        dispatch.attempts().stream().mapToLong(Attempt::latencyMs).sum());
            }
            metrics.failed(api, model, provider, route, failure.kind().code(), totalNanos);
            accessLog.failed(exchange, api, failure, prompt, totalNanos, upstreamNanos);
        }
        return Mono.error(error);
    }
}
