package dev.bedrockgateway.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bedrockgateway.api.ErrorRenderer;
import dev.bedrockgateway.core.GatewayException;
import org.springframework.http.MediaType;

/**
 * Errors on the OpenAI paths in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}. The status is the
 * native API's, so the OpenAI SDKs raise their matching exception (404 NotFound, 429 RateLimit, ...); the code is the
 * gateway's own, which matches OpenAI's where both name the same thing (model_not_found, context_length_exceeded).
 */
public final class OpenAiErrors implements ErrorRenderer {

    @Override
    public MediaType contentType() {
        return MediaType.APPLICATION_JSON;
    }

    @Override
    public Object body(GatewayException failure, String requestId) {
        return new ErrorAnswer(new ErrorBody(failure.detail(), type(failure.kind().status()), failure.param(),
                failure.kind().code()));
    }

    /** OpenAI's error types, which its clients read beside the status. */
    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** The whole error answer. */
    public record ErrorAnswer(ErrorBody error) {
    }

    /** What went wrong; param names the request field at fault where the gateway knows it, else null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ErrorBody(String message, String type, String param, String code) {
    }
}
