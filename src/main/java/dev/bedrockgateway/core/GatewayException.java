package dev.bedrockgateway.core;

import java.time.Duration;

/** The one exception type for gateway failures; its {@link ErrorKind} decides the HTTP answer. */
public class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final Duration retryAfter;
    private final boolean transientFailure;
    private final String param;

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
        this(kind, detail, retryAfter, cause, transientFailure, null);
    }

    private GatewayException(ErrorKind kind, String detail, Duration retryAfter, Throwable cause,
                             boolean transientFailure, String param) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
        this.transientFailure = transientFailure;
        this.param = param;
    }

    public static GatewayException invalid(String detail) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, detail);
    }

    /**
     * An INVALID_REQUEST that names the request field at fault, for APIs whose error shape has a place for it.
     *
     * @param param the field as the caller wrote it, e.g. "messages[2].tool_calls[0].function.arguments"
     */
    public static GatewayException invalid(String param, String detail) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, detail, null, null, false, param);
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

    /** The request field at fault, or null; a failure that wraps another (a dispatch's) names the field it names. */
    public String param() {
        if (param == null && getCause() instanceof GatewayException cause) {
            return cause.param();
        }
        return param;
    }

    public String detail() {
        return getMessage();
    }
}
