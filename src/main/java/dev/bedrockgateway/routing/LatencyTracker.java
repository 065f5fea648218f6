package dev.bedrockgateway.routing;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observed latency per model, as an exponentially weighted moving average, for the fastest strategy.
 * Kept in memory per replica: it is a routing hint that rebuilds itself in a few calls, not state to share.
 */
public final class LatencyTracker {

    /** Weight of the newest observation: recent enough to follow a slowdown within a handful of calls. */
    static final double ALPHA = 0.3;

    private final Map<String, Double> averageMillis = new ConcurrentHashMap<>();

    public void record(String alias, long nanos) {
        double millis = nanos / 1_000_000.0;
        averageMillis.merge(alias, millis, (old, latest) -> ALPHA * latest + (1 - ALPHA) * old);
    }

    /** Forgets every observation, so the next call of each model is measured afresh (tests start from nothing). */
    public void clear() {
        averageMillis.clear();
    }

    public OptionalDouble averageMillis(String alias) {
        Double average = averageMillis.get(alias);
        return average == null ? OptionalDouble.empty() : OptionalDouble.of(average);
    }
}
