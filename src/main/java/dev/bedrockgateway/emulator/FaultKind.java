package dev.bedrockgateway.emulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What an injected fault makes the emulator answer, with Bedrock's error type and a message in Bedrock's words. */
public enum FaultKind {
    /** No error: only the plan's added latency applies. */
    NONE(null, null),
    THROTTLING(BedrockErrorType.THROTTLING, "Too many requests, please wait before trying again."),
    UNAVAILABLE(BedrockErrorType.SERVICE_UNAVAILABLE, "Bedrock is unable to process your request."),
    INTERNAL(BedrockErrorType.INTERNAL_SERVER, "The system encountered an unexpected error during processing. Try your request again."),
    TIMEOUT(BedrockErrorType.MODEL_TIMEOUT, "Model has timed out in processing the request. Try your request again."),
    MODEL_ERROR(BedrockErrorType.MODEL_ERROR, "The model failed to process the request. Try your request again."),
    /** A model failure inside a stream; pair it with fail_after_chunks to break a stream off mid-way. */
    MODEL_STREAM_ERROR(BedrockErrorType.MODEL_STREAM_ERROR, "The model encountered an error while streaming its response. Try your request again."),
    MODEL_NOT_READY(BedrockErrorType.MODEL_NOT_READY, "Model is not ready to serve inference requests. Try your request again later."),
    ACCESS_DENIED(BedrockErrorType.ACCESS_DENIED, "You don't have access to the model with the specified model ID."),
    NOT_FOUND(BedrockErrorType.RESOURCE_NOT_FOUND, "Could not resolve the foundation model from the provided model identifier."),
    /** The model is down: every call fails, whatever the rate. */
    OUTAGE(BedrockErrorType.SERVICE_UNAVAILABLE, "Bedrock is unable to process your request.");

    /** Other names people reach for, so configuration reads naturally ("service-unavailable", "model-timeout"). */
    private static final Map<String, FaultKind> ALIASES = Map.of(
            "throttled", THROTTLING,
            "service_unavailable", UNAVAILABLE,
            "internal_server", INTERNAL,
            "internal_error", INTERNAL,
            "model_timeout", TIMEOUT,
            "resource_not_found", NOT_FOUND);

    private final BedrockErrorType errorType;
    private final String message;

    FaultKind(BedrockErrorType errorType, String message) {
        this.errorType = errorType;
        this.message = message;
    }

    /** The lower-case name used in configuration and the admin API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The error this fault answers with, or null for {@link #NONE}. */
    BedrockError error() {
        return errorType == null ? null : new BedrockError(errorType, message);
    }

    /**
     * Reads a fault name, ignoring case and treating '-' like '_'.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static FaultKind parse(String text) {
        String key = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (FaultKind kind : values()) {
            if (kind.wireName().equals(key)) {
                return kind;
            }
        }
        FaultKind alias = ALIASES.get(key);
        if (alias == null) {
            throw new IllegalArgumentException("unknown fault '" + text + "'; use one of "
                    + Arrays.stream(values()).map(FaultKind::wireName).collect(Collectors.joining(", ")));
        }
        return alias;
    }
}
