package dev.bedrockgateway.api;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.DispatchFailure;
import dev.bedrockgateway.dispatch.Dispatcher;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import dev.bedrockgateway.telemetry.GenAiObservations;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one path every API's request takes once it is canonical: routing, dispatch, cost, metrics and the access log. An API only
 * maps its wire format to a {@link GenerationRequest} and renders the {@link ServedRequest}.
 */
@Component
public class RequestPipeline {

    private static final String NONE = "none";

    private final Router router;
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;
    private final GenAiObservations observations;
    private final AccessLog accessLog;
    private final ModelCatalog catalog;

    public RequestPipeline(Router router, Dispatcher dispatcher, GatewayMetrics metrics,
                           GenAiObservations observations, AccessLog accessLog, ModelCatalog catalog) {
        this.router = router;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.observations = observations;
        this.accessLog = accessLog;
        this.catalog = catalog;
    }

    /**
     * Serves a request.
     *
     * @param api       the API's name for metrics ("native", "openai")
     * @param canonical reads and checks the caller's body; run lazily, so its refusals count as failed requests
     */
    public Mono<ServedRequest> serve(String api, Supplier<GenerationRequest> canonical, ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return Mono.fromSupplier(canonical)
                .onErrorResume(error -> failed(api, null, error, context, exchange))
                .flatMap(request -> observations.decide(
                                () -> router.route(request, exchange.getRequest().getHeaders()::getFirst))
                        .flatMap(decision -> dispatcher.dispatch(request, decision))
                        .map(dispatch -> served(api, request, dispatch, context, exchange))
                        .onErrorResume(error -> failed(api, request, error, context, exchange)));
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
     * Counts and logs a failed request, then passes the error on to the error handler. Errors that are not the
     * gateway's own are left to the error handler, which decides their status.
     */
    private <T> Mono<T> failed(String api, GenerationRequest request, Throwable error, RequestContext context,
                               ServerWebExchange exchange) {
        if (error instanceof GatewayException failure) {
            long totalNanos = System.nanoTime() - context.startNanos();
            String route = NONE;
            String model = NONE;
            String provider = NONE;
            long upstreamNanos = 0;
            if (failure instanceof DispatchFailure dispatch) {
                route = dispatch.route();
                ModelSpec tried = catalog.byAlias(AccessLog.lastTried(dispatch.attempts()));
                if (tried != null) {
                    model = tried.alias();
                    provider = tried.provider();
                }
                upstreamNanos = TimeUnit.MILLISECONDS.toNanos(
                        dispatch.attempts().stream().mapToLong(Attempt::latencyMs).sum());
            }
            metrics.failed(api, model, provider, route, failure.kind().code(), totalNanos);
            accessLog.failed(exchange, api, failure, request, totalNanos, upstreamNanos);
        }
        return Mono.error(error);
    }
}
