package dev.bedrockgateway.web;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import org.springframework.http.MediaType;

/**
 * Errors on the Anthropic paths in Anthropic's shape, {@code {"type":"error","error":{"type","message"},"request_id"}}
 * (https://docs.anthropic.com/en/api/errors), with the status Anthropic answers for each type so its SDKs raise their
 * matching exception: a prompt too long or a request the model cannot serve is Anthropic's 400, and a model that is
 * unavailable for now (open circuit, full bulkhead) is its 529 overloaded_error; an upstream time-out is its 504
 * timeout_error.
 */
final class AnthropicErrors implements ErrorRenderer {

    /** Anthropic's status for overloaded_error. */
    static final int OVERLOADED = 529;

    @Override
    public MediaType contentType() {
        return MediaType.APPLICATION_JSON;
    }

    @Override
    public int status(GatewayException failure) {
        int status = failure.kind().status();
        if (status == 422) {
            return 400;
        }
        return status == 503 ? OVERLOADED : status;
    }

    @Override
    public Object body(GatewayException failure, String requestId) {
        return new ErrorAnswer("error", new ErrorBody(type(failure), failure.detail()), requestId);
    }

    /** Anthropic's error types by status, as its errors page lists them. */
    static String type(GatewayException failure) {
        if (failure.kind() == ErrorKind.PAYLOAD_TOO_LARGE) {
            return "request_too_large";
        }
        return switch (failure.kind().status()) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 503 -> "overloaded_error";
            default -> failure.kind().status() >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The whole error answer. */
    record ErrorAnswer(String type, ErrorBody error, String request_id) {
    }

    /** What went wrong. */
    record ErrorBody(String type, String message) {
    }
}
