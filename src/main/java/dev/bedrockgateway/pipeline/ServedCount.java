package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.dispatch.TokenCount;
import org.springframework.http.ResponseEntity;

/**
 * A token count the pipeline served: the request's input tokens as the model that counted them reads them. Nothing
 * was generated, so nothing is priced.
 *
 * @param requestId     the request's id, also sent as X-Request-Id
 * @param request       the canonical request that was counted
 * @param count         the model that counted, the count and the route followed
 * @param totalNanos    the whole request as the caller waited for it
 * @param overheadNanos time spent in the gateway itself, not waiting on Bedrock
 */
public record ServedCount(String requestId, GenerationRequest request, TokenCount count, long totalNanos,
                          long overheadNanos)
        implements Served {

    /** A 200 with the answer as JSON and the headers every API sends (DESIGN §3). */
    public ResponseEntity<byte[]> ok(Object answer) {
        return ServedRequest.ok(answer, count.model().alias(), count.decision().route(), overheadNanos);
    }
}
