package dev.bedrockgateway.limits;

/**
 * Where one counter stands after a request was counted in it (or, when the request was refused, before).
 *
 * @param count       the count asked for
 * @param used        what the counter holds
 * @param resetMillis when its window ends, from now (0 for streams, which have no window)
 * @param window      which window the request was counted in (its start), so a settlement after the window has
 *                    rolled over changes nothing; empty for streams
 */
public record Tally(Count count, long used, long resetMillis, String window) {

    /** What is left of the limit. */
    public long remaining() {
        return Math.max(0, count.limit() - used);
    }
}
