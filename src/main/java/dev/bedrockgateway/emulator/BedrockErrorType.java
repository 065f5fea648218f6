package dev.bedrockgateway.emulator;

/**
 * The error types Bedrock Runtime answers with, and the HTTP status the AWS SDK for Java v2 (2.57.8)
 * registers for each, so that the SDK raises the matching exception class.
 */
public enum BedrockErrorType {
    VALIDATION("ValidationException", 400),
    ACCESS_DENIED("AccessDeniedException", 403),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    MODEL_TIMEOUT("ModelTimeoutException", 408),
    MODEL_ERROR("ModelErrorException", 424),
    MODEL_STREAM_ERROR("ModelStreamErrorException", 424),
    THROTTLING("ThrottlingException", 429),
    MODEL_NOT_READY("ModelNotReadyException", 429),
    INTERNAL_SERVER("InternalServerException", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503),
    /** Not a Bedrock modelled error: what AWS front ends answer for a path no operation serves. */
    UNKNOWN_OPERATION("UnknownOperationException", 404);

    /** Bedrock appends its Coral namespace to the type; the SDK ignores everything after the colon. */
    private static final String NAMESPACE = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    private final String typeName;
    private final int status;

    BedrockErrorType(String typeName, int status) {
        this.typeName = typeName;
        this.status = status;
    }

    public String typeName() {
        return typeName;
    }

    /** The member name of this error in an event-stream union, which is the {@code :exception-type} of its frame. */
    public String streamMemberName() {
        return Character.toLowerCase(typeName.charAt(0)) + typeName.substring(1);
    }

    public int status() {
        return status;
    }

    /** The value of the {@code x-amzn-ErrorType} header, as Bedrock sends it. */
    public String headerValue() {
        return this == UNKNOWN_OPERATION ? typeName : typeName + NAMESPACE;
    }
}
