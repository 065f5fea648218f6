package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults to inject for one model (or "*" for all): which error, for what share of calls, latency added to every call,
 * and how streams are paced. The share is sampled deterministically: call n fails when floor(n·rate) > floor((n−1)·rate),
 * so rate 0.5 fails exactly every second call and tests stay repeatable. {@link FaultKind#OUTAGE} fails every call
 * whatever the rate.
 *
 * @param kind             the error to answer with ({@link FaultKind#NONE} for latency and pacing only)
 * @param rate             share of calls that fail, 0 to 1
 * @param latency          added before every answer to this model, failed or not (for a stream: before the 200 and headers)
 * @param timeToFirstToken for streaming calls, the wait between the response headers and the first event
 * @param tokensPerSecond  for streaming calls, the rate of text events after the first; 0 sends them as fast as possible
 * @param failAfterChunks  for streaming calls, null to fail a sampled call with an HTTP error before the stream starts,
 *                         or N to send N events and then the error as an exception frame that ends the stream
 */
public record FaultPlan(FaultKind kind, double rate, Duration latency, Duration timeToFirstToken, double tokensPerSecond,
                        Integer failAfterChunks) {

    /** Everything fails unless a rate is given: the plainest way to trip a breaker in a test. */
    public static final double DEFAULT_RATE = 1.0;

    public FaultPlan {
        Objects.requireNonNull(kind, "kind");
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
        }
        latency = latency == null ? Duration.ZERO : latency;
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, got " + latency);
        }
        timeToFirstToken = timeToFirstToken == null ? Duration.ZERO : timeToFirstToken;
        if (timeToFirstToken.isNegative()) {
            throw new IllegalArgumentException("time to first token must not be negative, got " + timeToFirstToken);
        }
        if (!(tokensPerSecond >= 0 && Double.isFinite(tokensPerSecond))) {
            throw new IllegalArgumentException("tokens per second must be 0 (no pacing) or more, got " + tokensPerSecond);
        }
        if (failAfterChunks != null && failAfterChunks < 0) {
            throw new IllegalArgumentException("fail after chunks must be 0 or more, got " + failAfterChunks);
        }
        // a mid-stream failure needs an error to send; without one the setting would silently do nothing
        if (failAfterChunks != null && kind == FaultKind.NONE) {
            throw new IllegalArgumentException("fail after chunks needs an error, e.g. model_stream_error or throttling");
        }
    }

    /** A plan without stream pacing or mid-stream failure. */
    public FaultPlan(FaultKind kind, double rate, Duration latency) {
        this(kind, rate, latency, Duration.ZERO, 0, null);
    }

    /** Every call fails with {@code kind}. */
    public static FaultPlan of(FaultKind kind) {
        return new FaultPlan(kind, DEFAULT_RATE, Duration.ZERO);
    }

    /** No error, only added latency. */
    public static FaultPlan latencyOnly(Duration latency) {
        return new FaultPlan(FaultKind.NONE, 0, latency);
    }

    /** No error, only stream pacing. */
    public static FaultPlan pacing(Duration timeToFirstToken, double tokensPerSecond) {
        return new FaultPlan(FaultKind.NONE, 0, Duration.ZERO, timeToFirstToken, tokensPerSecond, null);
    }

    public FaultPlan withRate(double newRate) {
        return new FaultPlan(kind, newRate, latency, timeToFirstToken, tokensPerSecond, failAfterChunks);
    }

    public FaultPlan withLatency(Duration newLatency) {
        return new FaultPlan(kind, rate, newLatency, timeToFirstToken, tokensPerSecond, failAfterChunks);
    }

    public FaultPlan withTimeToFirstToken(Duration newTimeToFirstToken) {
        return new FaultPlan(kind, rate, latency, newTimeToFirstToken, tokensPerSecond, failAfterChunks);
    }

    public FaultPlan withTokensPerSecond(double newTokensPerSecond) {
        return new FaultPlan(kind, rate, latency, timeToFirstToken, newTokensPerSecond, failAfterChunks);
    }

    /** Sampled streaming calls fail mid-stream after {@code chunks} events instead of before the stream starts. */
    public FaultPlan withFailAfterChunks(Integer chunks) {
        return new FaultPlan(kind, rate, latency, timeToFirstToken, tokensPerSecond, chunks);
    }

    /** The wait between two text events of a stream, zero when unpaced. */
    Duration tokenInterval() {
        return tokensPerSecond <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round(1_000_000_000L / tokensPerSecond));
    }

    /** Whether call number {@code n} (1-based) under this plan fails. */
    boolean failsCall(long n) {
        if (kind == FaultKind.OUTAGE) {
            return true;
        }
        return kind != FaultKind.NONE && Math.floor(n * rate) > Math.floor((n - 1) * rate);
    }
}
