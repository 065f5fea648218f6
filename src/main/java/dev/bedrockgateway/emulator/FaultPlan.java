package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults to inject for one model (or "*" for all): which error, for what share of calls, and latency added to every call.
 * The share is sampled deterministically: call n fails when floor(n·rate) > floor((n−1)·rate), so rate 0.5 fails
 * exactly every second call and tests stay repeatable. {@link FaultKind#OUTAGE} fails every call whatever the rate.
 *
 * @param kind    the error to answer with ({@link FaultKind#NONE} for latency only)
 * @param rate    share of calls that fail, 0 to 1
 * @param latency added before every answer to this model, failed or not
 */
public record FaultPlan(FaultKind kind, double rate, Duration latency) {

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
    }

    /** Every call fails with {@code kind}. */
    public static FaultPlan of(FaultKind kind) {
        return new FaultPlan(kind, DEFAULT_RATE, Duration.ZERO);
    }

    /** No error, only added latency. */
    public static FaultPlan latencyOnly(Duration latency) {
        return new FaultPlan(FaultKind.NONE, 0, latency);
    }

    public FaultPlan withRate(double newRate) {
        return new FaultPlan(kind, newRate, latency);
    }

    public FaultPlan withLatency(Duration newLatency) {
        return new FaultPlan(kind, rate, newLatency);
    }

    /** Whether call number {@code n} (1-based) under this plan fails. */
    boolean failsCall(long n) {
        if (kind == FaultKind.OUTAGE) {
            return true;
        }
        return kind != FaultKind.NONE && Math.floor(n * rate) > Math.floor((n - 1) * rate);
    }
}
