package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.routing.RouteDecision;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A request the pipeline served, with everything an API needs to render its answer.
 *
 * @param requestId     the request's id, also sent as X-Request-Id
 * @param request       the canonical request
 * @param dispatch      the model that answered, its answer and the route followed
 * @param costUsd       what the answer cost
 * @param totalNanos    the whole request as the caller waited for it
 * @param overheadNanos time spent in the gateway itself, not waiting on Bedrock
 */
public record ServedRequest(String requestId, GenerationRequest request, Dispatch dispatch, double costUsd,
                            long totalNanos, long overheadNanos) implements Served {

    public static final String MODEL_HEADER = "X-Gateway-Model";
    public static final String ROUTE_HEADER = "X-Gateway-Route";
    public static final String OVERHEAD_HEADER = "X-Gateway-Overhead-Ms";

    /** Costs are fractions of a cent; eight decimals keep them exact enough to add up. */
    private static final int COST_SCALE = 8;

    /** This answer, priced at {@code costUsd}. */
    public ServedRequest priced(double costUsd) {
        return new ServedRequest(requestId, request, dispatch, costUsd, totalNanos, overheadNanos);
    }

    /** The cost as written in answers: plain decimal, at most eight places. */
    public BigDecimal cost() {
        return written(costUsd);
    }

    /** A cost as written in answers: plain decimal, at most eight places. */
    static BigDecimal written(double costUsd) {
        return BigDecimal.valueOf(costUsd).setScale(COST_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    public long latencyMs() {
        return TimeUnit.NANOSECONDS.toMillis(totalNanos);
    }

    public RouteBody route() {
        return route(dispatch.decision(), dispatch.attempts());
    }

    /** The route followed and every attempt made on it, as answers write it. */
    static RouteBody route(RouteDecision decision, List<Attempt> attempts) {
        return new RouteBody(decision.route(), decision.strategy(), attempts(attempts));
    }

    /** A 200 with the answer as JSON and the headers every API sends (DESIGN §3). */
    public ResponseEntity<byte[]> ok(Object answer) {
        return ok(answer, dispatch.model().alias(), dispatch.decision().route(), overheadNanos);
    }

    /** A 200 with an answer as JSON, naming the model and route that made it and the gateway's own time. */
    static ResponseEntity<byte[]> ok(Object answer, String modelAlias, String route, long overheadNanos) {
        HttpHeaders headers = gatewayHeaders(MediaType.APPLICATION_JSON, modelAlias, route);
        headers.set(OVERHEAD_HEADER, milliseconds(overheadNanos));
        return ResponseEntity.ok().headers(headers).body(ApiJson.write(answer));
    }

    /**
     * Nanoseconds as milliseconds with three decimals, rounded half up ("0.048"). Written on every answer: built from
     * the microseconds directly, where {@code String.format} parsed its pattern each time (bench/).
     */
    static String milliseconds(long nanos) {
        long micros = (Math.max(0, nanos) + 500) / 1000;
        long fraction = micros % 1000;
        return (micros / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    /** The headers that name the model and route of an answer. */
    static HttpHeaders gatewayHeaders(MediaType contentType, String modelAlias, String route) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(contentType);
        headers.set(MODEL_HEADER, modelAlias);
        headers.set(ROUTE_HEADER, route);
        return headers;
    }

    public static List<AttemptBody> attempts(List<Attempt> attempts) {
        return attempts.stream()
                .map(attempt -> new AttemptBody(attempt.model(), attempt.deployment(), attempt.outcome().wireName(), attempt.latencyMs(), attempt.detail()))
                .toList();
    }
}
