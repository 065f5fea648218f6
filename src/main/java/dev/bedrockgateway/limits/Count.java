package dev.bedrockgateway.limits;

/**
 * One counter a request is counted in, and how much it takes of it.
 *
 * @param counter names the counter: its owner and measure, e.g. {@code key:key_3f9c:requests}; unique per team
 * @param measure what it counts
 * @param limit   the most it may hold: per one-minute window, or at once for streams
 * @param amount  what this request takes: 1 request or stream, or the tokens it reserves
 * @param label   the limit's name in metrics and errors, from a small fixed set: {@code key_requests_per_minute}
 */
public record Count(String counter, Measure measure, long limit, long amount, String label) {
}
