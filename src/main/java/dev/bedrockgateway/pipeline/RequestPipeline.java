package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.AttemptsSoFar;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.DispatchFailure;
import dev.bedrockgateway.dispatch.Dispatcher;
import dev.bedrockgateway.dispatch.EmbeddingDispatch;
import dev.bedrockgateway.dispatch.StreamDispatch;
import dev.bedrockgateway.dispatch.TokenCount;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.routing.TokenEstimate;
import dev.bedrockgateway.resilience.Outcome;
import dev.bedrockgateway.telemetry.GenAiObservations;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The one path every API's request takes once it is canonical: the request policies (cost, metrics, the access log,
 * later identity, limits and budgets; {@link RequestPolicyOrder}), then routing and dispatch. An API only maps its wire
 * format to a {@link GenerationRequest} and renders the served request or stream.
 */
@Component
public class RequestPipeline {

    /** Events asked of the model's stream at a time: enough to keep it flowing, few enough to buffer little. */
    private static final int STREAM_PREFETCH = 16;

    private final Router router;
    private final Dispatcher dispatcher;
    private final RequestPolicies policies;
    private final GenAiObservations observations;
    private final ActiveRouteTable tables;

    public RequestPipeline(Router router, Dispatcher dispatcher, RequestPolicies policies,
                           GenAiObservations observations, ActiveRouteTable tables) {
        this.router = router;
        this.dispatcher = dispatcher;
        this.policies = policies;
        this.observations = observations;
        this.tables = tables;
    }

    /**
     * Serves a request.
     *
     * @param api       the API's name for metrics ("native", "openai")
     * @param canonical reads and checks the caller's body; run lazily, so its refusals count as failed requests
     */
    public Mono<ServedRequest> serve(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, false, canonical, exchange, GENERATION, dispatcher::dispatch, RequestPipeline::answered)
                .cast(ServedRequest.class);
    }

    /**
     * Serves a request as a stream. The Mono answers once a model has sent its first event, so a request that fails
     * before that (bad input, unknown model, every candidate failed) still gets an ordinary error answer.
     */
    public Mono<ServedStream> stream(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, true, canonical, exchange, GENERATION, dispatcher::stream, RequestPipeline::opened)
                .cast(ServedStream.class)
                // A stream that opened in the very instant its caller left is dropped by Reactor on its way here, with
                // its upstream call running: cancel it. Once served, the stream's lease takes over.
                .doOnDiscard(Flux.class, StreamLease::cancel)
                .doOnDiscard(StreamDispatch.class, dispatch -> StreamLease.cancel(dispatch.events()))
                .doOnDiscard(ServedStream.class, served -> StreamLease.cancel(served.events()));
    }

    /** Serves an embedding request: the same policies, routing, guards and fallback as a generation. */
    public Mono<ServedEmbeddings> embed(String api, Supplier<EmbeddingRequest> canonical, ServerWebExchange exchange) {
        return serve(api, false, canonical, exchange, EMBEDDING, dispatcher::embed, RequestPipeline::embedded)
                .cast(ServedEmbeddings.class);
    }

    /**
     * Counts a request's input tokens with the model it is routed to, through the same policies (a key must allow the
     * model), routing and guards as a generation.
     */
    public Mono<ServedCount> count(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        return serve(api, false, canonical, exchange, GENERATION, dispatcher::count, RequestPipeline::counted)
                .cast(ServedCount.class);
    }

    /** Reads a body for an API that must look at it before it knows which way to serve it. */
    public <T> Mono<T> read(String api, Supplier<T> body, ServerWebExchange exchange) {
        PolicyCall<T> call = new PolicyCall<>(api, exchange, RequestContext.of(exchange), body);
        return Mono.fromSupplier(body).onErrorResume(error -> failed(call, null, error));
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

    /**
     * Runs a request through the policies to its dispatch one way (whole, streamed, embedded), and tells the policies
     * what became of it.
     */
    private <Q, D> Mono<Served> serve(String api, boolean streamed, Supplier<Q> canonical, ServerWebExchange exchange,
                                      Kind<Q> kind, BiFunction<Q, RouteDecision, Mono<D>> dispatch, Made<Q, D> made) {
        PolicyCall<Q> call = new PolicyCall<>(api, streamed, exchange, RequestContext.of(exchange), canonical);
        AttemptsSoFar tried = new AttemptsSoFar();
        return policies.run(call, last -> dispatched(last, kind, dispatch, made))
                .map(served -> observed(call, served))
                .onErrorResume(error -> failed(call, prompt(call, kind), error))
                .doOnCancel(() -> failed(call, null, cancelled(tried)))
                .contextWrite(tried::into);
    }

    /**
     * The failure of a request whose caller left before its answer. When a model was being called, it names that try
     * (the call Bedrock bills goes on being counted against the model, and the access log's line says which), and
     * the wait on it counts as upstream time up to the cancel: it was Bedrock's time, not the gateway's, so the
     * request's overhead stays the gateway's own.
     */
    private static GatewayException cancelled(AttemptsSoFar tried) {
        GatewayException cancelled = new GatewayException(ErrorKind.CANCELLED,
                "The caller closed the connection before its answer");
        List<Attempt> attempts = tried.attempts(System.nanoTime());
        return attempts.isEmpty() ? cancelled
                : new DispatchFailure(cancelled, cancelled.detail(), tried.route(), attempts);
    }

    /** The last step of the chain: reads the request, routes it and dispatches it. */
    private <Q, D> Mono<Served> dispatched(PolicyCall<Q> call, Kind<Q> kind,
                                           BiFunction<Q, RouteDecision, Mono<D>> dispatch, Made<Q, D> made) {
        Q request = call.request();
        return observations.decide(() -> kind.routing().route(router, request,
                                call.exchange().getRequest().getHeaders()::getFirst),
                        RouteDecision::route, RouteDecision::strategy)
                .flatMap(decision -> dispatch.apply(request, decision))
                .map(dispatched -> made.of(call.context(), request, dispatched));
    }

    /** Makes an API's served request from what the dispatcher returned; cost is a policy's, added on the way back. */
    @FunctionalInterface
    private interface Made<Q, D> {
        Served of(RequestContext context, Q request, D dispatch);
    }

    private static ServedRequest answered(RequestContext context, GenerationRequest request, Dispatch dispatch) {
        long totalNanos = System.nanoTime() - context.startNanos();
        return new ServedRequest(context.requestId(), request, dispatch, 0, totalNanos,
                Math.max(0, totalNanos - dispatch.upstreamNanos()));
    }

    private static ServedEmbeddings embedded(RequestContext context, EmbeddingRequest request,
                                             EmbeddingDispatch dispatch) {
        long totalNanos = System.nanoTime() - context.startNanos();
        return new ServedEmbeddings(context.requestId(), request, dispatch, 0, totalNanos,
                Math.max(0, totalNanos - dispatch.upstreamNanos()));
    }

    private static ServedCount counted(RequestContext context, GenerationRequest request, TokenCount count) {
        long totalNanos = System.nanoTime() - context.startNanos();
        return new ServedCount(context.requestId(), request, count, totalNanos,
                Math.max(0, totalNanos - count.upstreamNanos()));
    }

    private static ServedStream opened(RequestContext context, GenerationRequest request, StreamDispatch dispatch) {
        return new ServedStream(context.requestId(), request, dispatch, dispatch.events(), StreamLease.NONE);
    }

    /** Tells the policies of an answer; a stream is observed as it starts, ends, fails or closes. */
    private Served observed(PolicyCall<?> call, Served served) {
        if (served instanceof ServedStream stream) {
            return streamed(call, stream);
        }
        RequestContext.markRecorded(call.exchange());
        RequestEvent event;
        if (served instanceof ServedRequest answer) {
            event = new RequestEvent.Answered(answer);
        } else if (served instanceof ServedCount count) {
            event = new RequestEvent.Counted(count);
        } else {
            event = new RequestEvent.Embedded((ServedEmbeddings) served);
        }
        policies.observe(call, event);
        return served;
    }

    /**
     * The stream, observed as it passes and when it closes. Demand is passed up in small batches, so a slow reader
     * slows the model's stream (down to the SDK's reads from the socket) instead of making the gateway buffer what
     * the reader has not taken.
     */
    private ServedStream streamed(PolicyCall<?> call, ServedStream stream) {
        long startNanos = call.context().startNanos();
        policies.observe(call, new RequestEvent.StreamStarted(stream, System.nanoTime() - startNanos));
        AtomicReference<Usage> usage = new AtomicReference<>();
        AtomicLong characters = new AtomicLong();
        Flux<StreamEvent> events = stream.events()
                .limitRate(STREAM_PREFETCH)
                .doOnNext(event -> {
                    characters.addAndGet(length(event));
                    if (event instanceof StreamEvent.End end) {
                        usage.set(end.usage());
                        policies.observe(call, new RequestEvent.StreamEnded(stream, end.usage()));
                    }
                })
                .doOnError(error -> policies.observe(call,
                        new RequestEvent.StreamFailed(stream, error, System.nanoTime() - startNanos)))
                .doFinally(signal -> {
                    String outcome = switch (signal) {
                        case ON_COMPLETE -> Outcome.OK.wireName();
                        case CANCEL -> Outcome.CANCELLED.wireName();
                        default -> "failed";
                    };
                    long totalNanos = System.nanoTime() - startNanos;
                    RequestContext.markRecorded(call.exchange());
                    Usage streamed = new Usage(TokenEstimate.input(stream.request()),
                            TokenEstimate.characters(characters.get()));
                    policies.observe(call, new RequestEvent.StreamClosed(stream, outcome, usage.get(), streamed,
                            totalNanos));
                });
        StreamLease lease = StreamLease.of(events, call.exchange());
        return stream.leased(lease.events(events), lease);
    }

    /** The characters of output an event carries: its text, or a tool call's name and arguments. */
    private static int length(StreamEvent event) {
        if (event instanceof StreamEvent.Delta delta) {
            return delta.text() == null ? 0 : delta.text().length();
        }
        if (event instanceof StreamEvent.ToolCallDelta tool) {
            return tool.arguments().length() + (tool.name() == null ? 0 : tool.name().length());
        }
        return 0;
    }

    /** The request's prompt for the access log, or null when its body was never read. */
    private static <Q> Supplier<String> prompt(PolicyCall<Q> call, Kind<Q> kind) {
        Q request = call.requestIfRead();
        return request == null ? null : () -> kind.prompt().apply(request);
    }

    /**
     * Tells the policies of a failed request, then passes the error on to the error handler. Errors that are not the
     * gateway's own are left to the error handler, which decides their status.
     */
    private <T> Mono<T> failed(PolicyCall<?> call, Supplier<String> prompt, Throwable error) {
        ServerWebExchange exchange = call.exchange();
        if (error instanceof GatewayException failure && !RequestContext.recorded(exchange)) {
            long totalNanos = System.nanoTime() - call.context().startNanos();
            ModelSpec lastTried = null;
            long upstreamNanos = 0;
            if (failure instanceof DispatchFailure dispatch) {
                lastTried = tables.current().catalog().byAlias(AccessLog.lastTried(dispatch.attempts()));
                upstreamNanos = TimeUnit.MILLISECONDS.toNanos(
                        dispatch.attempts().stream().mapToLong(Attempt::latencyMs).sum());
            }
            RequestContext.markRecorded(exchange);
            policies.observe(call, new RequestEvent.Failed(failure, lastTried, upstreamNanos, totalNanos, prompt));
        }
        return Mono.error(error);
    }
}
