package dev.bedrockgateway.core;

import java.time.Duration;

/** The one exception type for gateway failures; its {@link ErrorKind} decides the HTTP answer. */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final Duration retryAfter;

    public GatewayException(ErrorKind kind, String detail) {
        this(kind, detail, null, null);
    }

    public GatewayException(ErrorKind kind, String detail, Duration retryAfter, Throwable cause) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
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

    public String detail() {
        return getMessage();
    }
}
