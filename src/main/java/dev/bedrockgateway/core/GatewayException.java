package dev.bedrockgateway.core;

import java.time.Duration;

/** The one exception type for gateway failures; its {@link ErrorKind} decides the HTTP answer. */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final Duration retryAfter;
    private final boolean transientFailure;

    public GatewayException(ErrorKind kind, String detail) {
        this(kind, detail, null, null);
    }

    public GatewayException(ErrorKind kind, String detail, Duration retryAfter, Throwable cause) {
        this(kind, detail, retryAfter, cause, false);
    }

    /**
     * @param transientFailure whether the same call may well succeed if simply tried again shortly
     *                         (throttling, a Bedrock 5xx), which is what the retry guard retries
     */
    public GatewayException(ErrorKind kind, String detail, Duration retryAfter, Throwable cause,
                            boolean transientFailure) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.transientFailure = transientFailure;
    }

    public static GatewayException invalid(String detail) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, detail);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** How long the caller should wait before trying again, or null when waiting would not help. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public String detail() {
        return getMessage();
    }
}
