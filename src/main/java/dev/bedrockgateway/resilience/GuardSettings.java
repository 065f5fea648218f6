package dev.bedrockgateway.resilience;

import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;

/**
 * The guards around one model's calls: circuit breaker, bulkhead, time limit and retry. Every field may be
 * left out; a model's own settings fall back to {@code gateway.resilience.defaults}, and those to {@link #BUILT_IN}.
 *
 * @param failureRateThreshold  percentage of failed calls in the window that opens the circuit
 * @param slowCallRateThreshold percentage of slow calls in the window that opens the circuit
 * @param slowCallDuration      a call slower than this counts as slow
 * @param slidingWindowSize     how many recent calls the breaker judges
 * @param minimumCalls          calls needed in the window before the breaker judges at all
 * @param waitInOpen            how long an open circuit stays open before letting trial calls through
 * @param halfOpenCalls         trial calls let through when half open
 * @param maxConcurrentCalls    bulkhead: calls in flight at once (keeps the account under Bedrock's quotas)
 * @param bulkheadWait          how long a call over the bulkhead waits for a permit before it moves to the next
 *                              candidate (zero: not at all)
 * @param timeLimit             the longest one attempt may take; for a stream, the longest gap between two chunks
 * @param firstChunkTimeLimit   the longest a stream may take to send its first chunk; past it, the next candidate
 * @param retryAttempts         attempts on the same model for throttling and transient 5xx (1 = no retry)
 * @param retryBackoff          wait before the first retry; doubles each time, with jitter
 * @param retryMaxBackoff       the longest wait between retries
 */
public record GuardSettings(
        Float failureRateThreshold,
        Float slowCallRateThreshold,
        Duration slowCallDuration,
        Integer slidingWindowSize,
        Integer minimumCalls,
        Duration waitInOpen,
        Integer halfOpenCalls,
        Integer maxConcurrentCalls,
        Duration bulkheadWait,
        Duration timeLimit,
        Duration firstChunkTimeLimit,
        Integer retryAttempts,
        Duration retryBackoff,
        Duration retryMaxBackoff) {

    /**
     * Defaults for a chat model on Bedrock: half the last 20 calls failing is an outage, not bad luck; a call over
     * 30 s is slow for a non-streaming answer; 30 s open is about how long a Bedrock hiccup lasts; 64 concurrent
     * calls sits under the default on-demand quotas of most models; 3 attempts with 250 ms doubling back-off ride
     * out a throttling burst without holding the caller for long. A model that has not started a stream within 10 s is
     * stuck or overloaded (Bedrock's first byte usually comes within a second or two), and the caller still waits on
     * a blank screen, so the next candidate is the better bet. A call over the bulkhead waits up to a second for a
     * permit: calls on Bedrock take seconds, so a permit usually frees within one, and a caller that waited longer
     * is better served by the next candidate, or by the 503 and Retry-After that tell it to come back.
     */
    public static final GuardSettings BUILT_IN = new GuardSettings(50f, 100f, Duration.ofSeconds(30), 20, 10,
            Duration.ofSeconds(30), 3, 64, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10), 3,
            Duration.ofMillis(250), Duration.ofSeconds(2));

    public static final GuardSettings NONE = new GuardSettings(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    /** These settings with every field left out taken from {@code base}. */
    public GuardSettings over(GuardSettings base) {
        return new GuardSettings(
                pick(failureRateThreshold, base.failureRateThreshold),
                pick(slowCallRateThreshold, base.slowCallRateThreshold),
                pick(slowCallDuration, base.slowCallDuration),
                pick(slidingWindowSize, base.slidingWindowSize),
                pick(minimumCalls, base.minimumCalls),
                pick(waitInOpen, base.waitInOpen),
                pick(halfOpenCalls, base.halfOpenCalls),
                pick(maxConcurrentCalls, base.maxConcurrentCalls),
                pick(bulkheadWait, base.bulkheadWait),
                pick(timeLimit, base.timeLimit),
                pick(firstChunkTimeLimit, base.firstChunkTimeLimit),
                pick(retryAttempts, base.retryAttempts),
                pick(retryBackoff, base.retryBackoff),
                pick(retryMaxBackoff, base.retryMaxBackoff));
    }

    /** Checks complete settings, naming the offending key under {@code prefix}. */
    public void check(String prefix) {
        percentage(prefix + "failure-rate-threshold", failureRateThreshold);
        percentage(prefix + "slow-call-rate-threshold", slowCallRateThreshold);
        positive(prefix + "slow-call-duration", slowCallDuration);
        atLeastOne(prefix + "sliding-window-size", slidingWindowSize);
        atLeastOne(prefix + "minimum-calls", minimumCalls);
        positive(prefix + "wait-in-open", waitInOpen);
        atLeastOne(prefix + "half-open-calls", halfOpenCalls);
        atLeastOne(prefix + "max-concurrent-calls", maxConcurrentCalls);
        notNegative(prefix + "bulkhead-wait", bulkheadWait);
        positive(prefix + "time-limit", timeLimit);
        positive(prefix + "first-chunk-time-limit", firstChunkTimeLimit);
        atLeastOne(prefix + "retry-attempts", retryAttempts);
        positive(prefix + "retry-backoff", retryBackoff);
        positive(prefix + "retry-max-backoff", retryMaxBackoff);
    }

    private static <T> T pick(T own, T fallback) {
        return own != null ? own : fallback;
    }

    private static void percentage(String key, Float value) {
        if (!(value > 0 && value <= 100)) {
            throw new InvalidConfigurationException(key, value, "must be a percentage above 0 and at most 100");
        }
    }

    private static void atLeastOne(String key, Integer value) {
        if (value < 1) {
            throw new InvalidConfigurationException(key, value, "must be 1 or more");
        }
    }

    private static void notNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigurationException(key, value, "must be zero or longer");
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationException(key, value, "must be longer than zero");
        }
    }
}
