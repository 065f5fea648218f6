package dev.bedrockgateway.api;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure after a stream's first event: the status is already sent, so every API tells it inside the stream,
 * and it is logged here, once, for all of them.
 */
public final class StreamFailures {

    private static final Logger log = LoggerFactory.getLogger(StreamFailures.class);

    private StreamFailures() {
    }

    public static GatewayException of(ServedStream served, Throwable error) {
        GatewayException failure = error instanceof GatewayException gateway ? gateway
                : new GatewayException(ErrorKind.INTERNAL, "The gateway failed unexpectedly; the request id "
                        + "identifies the failure in the gateway's log", null, error);
        log.warn("request {} stream from {} failed: {} {}", served.requestId(), served.dispatch().model().alias(),
                failure.kind().code(), failure.detail(), failure.kind() == ErrorKind.INTERNAL ? error : null);
        return failure;
    }
}
