package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.dispatch.EmbeddingDispatch;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.springframework.http.ResponseEntity;

/**
 * An embedding request the pipeline served, with everything an API needs to render its answer.
 *
 * @param requestId     the request's id, also sent as X-Request-Id
 * @param request       the canonical request
 * @param dispatch      the model that answered, its vectors and the route followed
 * @param costUsd       what the answer cost
 * @param totalNanos    the whole request as the caller waited for it
 * @param overheadNanos time spent in the gateway itself, not waiting on Bedrock
 */
public record ServedEmbeddings(String requestId, EmbeddingRequest request, EmbeddingDispatch dispatch, double costUsd,
                               long totalNanos, long overheadNanos) implements Served {

    /** This answer, priced at {@code costUsd}. */
    public ServedEmbeddings priced(double costUsd) {
        return new ServedEmbeddings(requestId, request, dispatch, costUsd, totalNanos, overheadNanos);
    }

    /** The cost as written in answers: plain decimal, at most eight places. */
    public BigDecimal cost() {
        return ServedRequest.written(costUsd);
    }

    public long latencyMs() {
        return TimeUnit.NANOSECONDS.toMillis(totalNanos);
    }

    public RouteBody route() {
        return ServedRequest.route(dispatch.decision(), dispatch.attempts());
    }

    /** A 200 with the answer as JSON and the headers every API sends (DESIGN §3). */
    public ResponseEntity<byte[]> ok(Object answer) {
        return ServedRequest.ok(answer, dispatch.model().alias(), dispatch.decision().route(), overheadNanos);
    }
}
