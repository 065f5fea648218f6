package dev.bedrockgateway.resilience;

import java.util.Locale;

/** How one try of one model ended, as attempts, the access log and the fallback metric name it. */
public enum Outcome {
    OK,
    SKIPPED,
    THROTTLED,
    TIMEOUT,
    CIRCUIT_OPEN,
    BULKHEAD_FULL,
    NOT_FOUND,
    UPSTREAM_ERROR,
    INVALID_OUTPUT,
    REJECTED,
    CANCELLED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name callers and dashboards see: {@code ok}, {@code circuit_open}, ... */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
