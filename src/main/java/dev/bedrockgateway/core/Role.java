package dev.bedrockgateway.core;

/** The speaker of one conversation turn; the system prompt travels beside the turns, not as one. */
public enum Role {
    USER,
    ASSISTANT
}
