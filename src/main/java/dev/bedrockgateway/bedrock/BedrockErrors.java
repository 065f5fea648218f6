package dev.bedrockgateway.bedrock;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ConflictException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The one place an AWS SDK failure becomes a gateway error kind (DESIGN §3, bedrock-protocol §2).
 * Details name the model and keep Bedrock's own message, never a credential or a stack trace.
 */
public final class BedrockErrors {

    /** Bedrock sends no Retry-After; a second is long enough for a token bucket to refill a little. */
    private static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(1);

    private BedrockErrors() {
    }

    public static GatewayException map(String modelId, Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof GatewayException gateway) {
            return gateway;
        }
        if (error instanceof BedrockRuntimeException bedrock) {
            return fromBedrock(modelId, bedrock);
        }
        if (error instanceof ApiCallTimeoutException || error instanceof ApiCallAttemptTimeoutException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
                    "Bedrock did not answer for model " + modelId + " within the time limit", null, error);
        }
        if (error instanceof SdkClientException) {
            // A dropped or refused connection is worth another try; missing credentials are not.
            return new GatewayException(ErrorKind.UPSTREAM_ERROR,
                    "Could not call Bedrock for model " + modelId + ": " + error.getMessage(), null, error,
                    causedByIo(error));
        }
        return new GatewayException(ErrorKind.INTERNAL, "Unexpected failure calling model " + modelId, null, error);
    }

    private static GatewayException fromBedrock(String modelId, BedrockRuntimeException e) {
        String message = bedrockMessage(e);
        if (e instanceof ValidationException) {
            return new GatewayException(ErrorKind.UPSTREAM_VALIDATION,
                    "Model " + modelId + " rejected the request: " + message, null, e);
        }
        if (e instanceof ConflictException) {
            return new GatewayException(ErrorKind.UPSTREAM_VALIDATION,
                    "Bedrock refused the request for model " + modelId + ": " + message, null, e);
        }
        if (e instanceof ThrottlingException || e instanceof ModelNotReadyException) {
            return new GatewayException(ErrorKind.THROTTLED,
                    "Bedrock throttled model " + modelId + ": " + message, THROTTLE_RETRY_AFTER, e, true);
        }
        if (e instanceof ServiceQuotaExceededException) {
            // An account quota does not refill in the seconds a retry waits: move on, don't retry.
            return new GatewayException(ErrorKind.THROTTLED,
                    "Bedrock quota exceeded for model " + modelId + ": " + message, THROTTLE_RETRY_AFTER, e);
        }
        if (e instanceof ModelTimeoutException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
                    "Model " + modelId + " timed out: " + message, null, e);
        }
        if (e instanceof ResourceNotFoundException) {
            return new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                    "Bedrock does not know model " + modelId + ": " + message, null, e);
        }
        if (e instanceof AccessDeniedException) {
            return new GatewayException(ErrorKind.UPSTREAM_ERROR, "Bedrock denied access to model " + modelId
                    + " (grant model access in the Bedrock console or check the IAM policy): " + message, null, e);
        }
        if (e instanceof InternalServerException || e instanceof ServiceUnavailableException) {
            return new GatewayException(ErrorKind.UPSTREAM_ERROR,
                    "Bedrock failed for model " + modelId + " (" + errorType(e) + "): " + message, null, e, true);
        }
        if (e instanceof ModelErrorException || e instanceof ModelStreamErrorException) {
            return new GatewayException(ErrorKind.UPSTREAM_ERROR,
                    "Bedrock failed for model " + modelId + " (" + errorType(e) + "): " + message, null, e);
        }
        ErrorKind kind = e.statusCode() >= 400 && e.statusCode() < 500 ? ErrorKind.UPSTREAM_VALIDATION
                : ErrorKind.UPSTREAM_ERROR;
        return new GatewayException(kind,
                "Bedrock failed for model " + modelId + " (" + errorType(e) + "): " + message, null, e);
    }

    private static String bedrockMessage(BedrockRuntimeException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            return e.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    private static String errorType(BedrockRuntimeException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        return "HTTP " + e.statusCode();
    }

    private static boolean causedByIo(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable error = failure;
        while (error instanceof CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
