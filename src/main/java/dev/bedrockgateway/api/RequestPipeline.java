package dev.bedrockgateway.api;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.Dispatcher;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one path every API's request takes once it is canonical: routing, dispatch, cost and metrics. An API only
 * maps its wire format to a {@link GenerationRequest} and renders the {@link ServedRequest}.
 */
@Component
public class RequestPipeline {

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
        RequestContext context = RequestContext.of(exchange);
        return Mono.fromSupplier(canonical)
                .flatMap(request -> dispatcher.dispatch(request,
                                router.route(request, exchange.getRequest().getHeaders()::getFirst))
                        .map(dispatch -> served(api, request, dispatch, context)))
                .doOnError(GatewayException.class, error -> metrics.failed(api, null, error.kind().code()));
    }

    private ServedRequest served(String api, GenerationRequest request, Dispatch dispatch, RequestContext context) {
        double cost = Cost.of(dispatch.model(), request, dispatch.result());
        long totalNanos = System.nanoTime() - context.startNanos();
        metrics.succeeded(api, dispatch, cost, totalNanos);
        return new ServedRequest(context.requestId(), request, dispatch, cost, totalNanos,
                Math.max(0, totalNanos - dispatch.upstreamNanos()));
    }
}
