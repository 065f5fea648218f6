package dev.bedrockgateway.api;

import dev.bedrockgateway.api.GenerateAnswer.AttemptBody;
import dev.bedrockgateway.api.GenerateAnswer.ImageBody;
import dev.bedrockgateway.api.GenerateAnswer.Output;
import dev.bedrockgateway.api.GenerateAnswer.RouteBody;
import dev.bedrockgateway.api.GenerateAnswer.UsageBody;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.Dispatcher;
import dev.bedrockgateway.routing.Router;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The native API: {@code POST /v1/generate}, one request shape for every model. */
@RestController
public class GenerateController {

    static final String MODEL_HEADER = "X-Gateway-Model";
    static final String ROUTE_HEADER = "X-Gateway-Route";
    static final String OVERHEAD_HEADER = "X-Gateway-Overhead-Ms";
    static final String API = "native";

    /** Costs are fractions of a cent; eight decimals keep them exact enough to add up. */
    private static final int COST_SCALE = 8;

    private final Router router;
    private final Dispatcher dispatcher;
    private final GatewayMetrics metrics;

    public GenerateController(Router router, Dispatcher dispatcher, GatewayMetrics metrics) {
        this.router = router;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
    }

    @PostMapping(path = "/v1/generate", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> generate(@RequestBody(required = false) byte[] body,
                                                 ServerWebExchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        return Mono.fromSupplier(() -> GenerateRequests.toCanonical(ApiJson.read(body, GenerateBody.class)))
                .flatMap(request -> dispatcher.dispatch(request,
                                router.route(request, exchange.getRequest().getHeaders()::getFirst))
                        .map(dispatch -> answer(request, dispatch, context)))
                .doOnError(GatewayException.class,
                        error -> metrics.failed(API, null, error.kind().code()));
    }

    private ResponseEntity<byte[]> answer(GenerationRequest request, Dispatch dispatch, RequestContext context) {
        GenerationResult result = dispatch.result();
        double cost = Cost.of(dispatch.model(), request, result);
        long totalNanos = System.nanoTime() - context.startNanos();
        long overheadNanos = Math.max(0, totalNanos - dispatch.upstreamNanos());
        GenerateAnswer answer = new GenerateAnswer(
                RequestContext.newId("gen_"),
                dispatch.model().id(),
                dispatch.model().alias(),
                dispatch.model().provider(),
                new Output(result.text().isEmpty() && !result.images().isEmpty() ? null : result.text(),
                        result.images().stream().map(image -> new ImageBody(image.base64(), image.seed())).toList()),
                result.finishReason() == null ? null : result.finishReason().wireName(),
                new UsageBody(result.usage().inputTokens(), result.usage().outputTokens(), result.usage().totalTokens()),
                BigDecimal.valueOf(cost).setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros(),
                new RouteBody(dispatch.decision().route(), dispatch.decision().strategy(), attempts(dispatch.attempts())),
                TimeUnit.NANOSECONDS.toMillis(totalNanos));
        metrics.succeeded(API, dispatch, cost, totalNanos);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(MODEL_HEADER, dispatch.model().alias());
        headers.set(ROUTE_HEADER, dispatch.decision().route());
        headers.set(OVERHEAD_HEADER, String.format(Locale.ROOT, "%.3f", overheadNanos / 1_000_000.0));
        return ResponseEntity.ok().headers(headers).body(ApiJson.write(answer));
    }

    static List<AttemptBody> attempts(List<Attempt> attempts) {
        return attempts.stream()
                .map(attempt -> new AttemptBody(attempt.model(), attempt.outcome(), attempt.latencyMs(), attempt.detail()))
                .toList();
    }
}
