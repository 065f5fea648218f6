package dev.bedrockgateway.limits;

import java.util.Locale;

/**
 * One counter a request is counted in, and how much it takes of it.
 *
 * @param owner   whose counter it is, unique per team: {@code key:key_3f9c}, {@code team}, or
 *                {@code key:key_3f9c:model:claude-3-haiku}; an owner's requests and tokens share one window
 * @param measure what it counts
 * @param limit   the most it may hold: per one-minute window, or at once for streams
 * @param amount  what this request takes: 1 request or stream, or the tokens it reserves
 * @param label   the limit's name in metrics and errors, from a small fixed set: {@code key_requests_per_minute}
 */
public record Count(String owner, Measure measure, long limit, long amount, String label) {

    /** The counter's name: its owner and measure, e.g. {@code key:key_3f9c:requests}; unique per team. */
    public String counter() {
        return owner + ":" + measure.fieldName();
    }
}
