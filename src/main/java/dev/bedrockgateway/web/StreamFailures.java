package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.ServedStream;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import org.springframework.stereotype.Component;

/**
 * A failure after a stream's first event: the status is already sent, so every API tells it inside the stream,
 * and it is logged here, once, for all of them. The access log's line for the stream says only "failed", so the
 * kind is logged too, rate-limited by {@link FailureLog}.
 */
@Component
public class StreamFailures {

    private final FailureLog failureLog;

    public StreamFailures(FailureLog failureLog) {
        this.failureLog = failureLog;
    }

    public GatewayException of(ServedStream served, Throwable error) {
        if (error instanceof GatewayException failure) {
            failureLog.warn(failure.kind().code(), "request {} stream from {} failed: {} {}", served.requestId(),
                    served.dispatch().model().alias(), failure.kind().code(), failure.detail());
            return failure;
        }
        failureLog.error(ErrorKind.INTERNAL.code(), error, "request {} stream from {} failed unexpectedly",
                served.requestId(), served.dispatch().model().alias());
        return new GatewayException(ErrorKind.INTERNAL, "The gateway failed unexpectedly; the request id "
                + "identifies the failure in the gateway's log", null, error);
    }
}
