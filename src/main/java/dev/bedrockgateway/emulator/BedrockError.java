package dev.bedrockgateway.emulator;

/** A failure the emulator answers with Bedrock's error status, {@code x-amzn-ErrorType} header and message. */
public class BedrockError extends RuntimeException {

    private final BedrockErrorType type;

    public BedrockError(BedrockErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    public static BedrockError validation(String message) {
        return new BedrockError(BedrockErrorType.VALIDATION, message);
    }

    public BedrockErrorType type() {
        return type;
    }
}
