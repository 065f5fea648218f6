package dev.bedrockgateway.warmup;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An answer's status, request id and body as they arrive, readable before the body has ended: what a warm-up call
 * that got no whole answer reports, so a stream that stopped short says where (after its head, which events came).
 */
final class PartialAnswer implements HttpResponse.BodyHandler<Void> {

    /** The end of a body cut short that is worth a log line: its last events, not a whole long answer. */
    private static final int TAIL_CHARACTERS = 600;

    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile int status = -1;
    private volatile String requestId;
    private volatile boolean ended;

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo head) {
        status = head.statusCode();
        requestId = head.headers().firstValue("X-Request-Id").orElse(null);
        return HttpResponse.BodySubscribers.ofByteArrayConsumer(this::accept);
    }

    private void accept(Optional<byte[]> bytes) {
        synchronized (received) {
            bytes.ifPresentOrElse(received::writeBytes, () -> ended = true);
        }
    }

    /** The status, or -1 before the head has come. */
    int status() {
        return status;
    }

    /** The body received so far. */
    String body() {
        synchronized (received) {
            return received.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        if (status < 0) {
            return "no head received";
        }
        String body = body();
        String tail = body.length() <= TAIL_CHARACTERS ? body
                : "..." + body.substring(body.length() - TAIL_CHARACTERS);
        return "status " + status + ", request id " + requestId + ", " + body.length() + " characters of body"
                + (ended ? " (ended)" : " so far") + ", ending: " + tail.replace("\n", "\\n");
    }
}
