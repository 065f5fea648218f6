package dev.bedrockgateway.core;

/** Tokens a call consumed, as Bedrock counted them. */
public record Usage(int inputTokens, int outputTokens) {

    public static final Usage NONE = new Usage(0, 0);

    public int totalTokens() {
        return inputTokens + outputTokens;
    }
}
