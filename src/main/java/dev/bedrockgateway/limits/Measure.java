package dev.bedrockgateway.limits;

import java.util.Locale;

/** What a limit counts. */
public enum Measure {
    /** Requests admitted in a one-minute window. */
    REQUESTS,
    /** Tokens in a one-minute window: reserved at admission, settled to real usage when the answer ends. */
    TOKENS,
    /** Streamed answers open at the same time: taken at admission, given back when the stream closes. */
    STREAMS;

    /** Whether it counts within a one-minute window (else it counts what is open now). */
    boolean windowed() {
        return this != STREAMS;
    }

    /** Its name in counter names and in the fields of a window's counters: {@code requests}, {@code tokens}. */
    String fieldName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
