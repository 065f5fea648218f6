package dev.bedrockgateway.core;

import java.util.Locale;

/** Why a model stopped, normalised across families. */
public enum FinishReason {
    STOP,
    LENGTH,
    STOP_SEQUENCE,
    CONTENT_FILTER,
    TOOL_USE,
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
