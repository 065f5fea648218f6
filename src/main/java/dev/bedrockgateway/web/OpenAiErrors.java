package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * Errors on the OpenAI paths in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}. The status is the
 * native API's, so the OpenAI SDKs raise their matching exception (404 NotFound, 429 RateLimit, ...), except where
 * OpenAI itself answers another one (a prompt too long for the model is its 400); the code is the gateway's own,
 * which matches OpenAI's where both name the same thing (model_not_found, context_length_exceeded). Messages and
 * {@code param} name fields as an OpenAI caller wrote them, never the native API's {@code parameters.*}.
 */
public final class OpenAiErrors implements ErrorRenderer {

    /** Exchange attribute: which of max_tokens and max_completion_tokens the caller sent, when it was the latter. */
    public static final String MAX_TOKENS_FIELD = OpenAiErrors.class.getName() + ".maxTokensField";

    private static final String MAX_TOKENS = "max_tokens";

    /**
     * What OpenAI answers a prompt that does not fit: a 400 (its SDKs raise BadRequestError) with param "messages",
     * e.g. {"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 8227
     * tokens. ...","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}.
     */
    private static final int CONTEXT_LENGTH_STATUS = 400;
    private static final String CONTEXT_LENGTH_PARAM = "messages";

    /**
     * Fields named by checks shared with the native API (the dispatcher's, each family's parameter table), and the
     * field an OpenAI caller sent for them; max_tokens is looked up per request.
     */
    private static final Map<String, String> NATIVE_FIELDS = Map.of(
            "parameters.max_tokens", MAX_TOKENS,
            "parameters.temperature", "temperature",
            "parameters.top_p", "top_p",
            "parameters.stop", "stop");

    private final String maxTokensField;

    /** For a request that sent max_tokens, or whose body was not read. */
    public OpenAiErrors() {
        this(MAX_TOKENS);
    }

    /** @param maxTokensField the caller's name for the output limit: max_tokens or max_completion_tokens */
    public OpenAiErrors(String maxTokensField) {
        this.maxTokensField = maxTokensField == null ? MAX_TOKENS : maxTokensField;
    }

    @Override
    public MediaType contentType() {
        return MediaType.APPLICATION_JSON;
    }

    @Override
    public int status(GatewayException failure) {
        return failure.kind() == ErrorKind.CONTEXT_LENGTH_EXCEEDED ? CONTEXT_LENGTH_STATUS : failure.kind().status();
    }

    @Override
    public Object body(GatewayException failure, String requestId) {
        String message = failure.detail();
        String param = failure.param();
        for (Map.Entry<String, String> field : NATIVE_FIELDS.entrySet()) {
            String openAiName = field.getValue().equals(MAX_TOKENS) ? maxTokensField : field.getValue();
            if (message.contains(field.getKey())) {
                if (param == null && message.startsWith(field.getKey())) {
                    param = openAiName;
                }
                message = message.replace(field.getKey(), openAiName);
            }
            if (field.getKey().equals(param)) {
                param = openAiName;
            }
        }
        if (!maxTokensField.equals(MAX_TOKENS)) {
            // The context check counts "max_tokens (n)" in; name the caller's field.
            message = message.replace(" max_tokens (", " " + maxTokensField + " (");
        }
        if (param == null && failure.kind() == ErrorKind.CONTEXT_LENGTH_EXCEEDED) {
            param = CONTEXT_LENGTH_PARAM;
        }
        return new ErrorAnswer(new ErrorBody(message, type(status(failure)), param, failure.kind().code()));
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
