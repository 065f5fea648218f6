package dev.bedrockgateway.limits;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Counts requests against their limits: in the shared store (Redis) when one is configured, else in this replica's
 * memory. While a configured Redis cannot be reached, {@code gateway.limits.on-store-down} decides: open counts in
 * memory (per replica), closed refuses with 503; in mode open a Redis that is down never costs a request a 5xx.
 * Either way the change is logged once, and shown in health and in the {@code gateway.limits.store.*} meters.
 */
public final class Limiter {

    /** A window of rates: requests and tokens per minute. */
    static final Duration WINDOW = Duration.ofMinutes(1);
    /**
     * How long a stream holds its place in a stream counter unless given back first: longer than any stream should
     * last, short enough that the places of a replica that died with streams open come free.
     */
    static final Duration STREAM_LEASE = Duration.ofMinutes(15);
    /** What a request refused while Redis is down (mode closed) is told to wait: Redis may be back by then. */
    private static final Duration RETRY_WHEN_DOWN = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(Limiter.class);

    private final RateStore shared;
    private final MemoryRateStore local;
    private final LimitSettings.OnStoreDown onStoreDown;
    private final Clock clock;
    private final AtomicBoolean sharedUp = new AtomicBoolean(true);
    private final Counter countedLocally;
    private final Counter refusedUnchecked;

    /**
     * @param shared the shared store, or null to count in memory only
     */
    Limiter(RateStore shared, LimitSettings settings, Clock clock, MeterRegistry meters) {
        this.shared = shared;
        this.local = new MemoryRateStore(WINDOW.toMillis(), STREAM_LEASE.toMillis());
        this.onStoreDown = settings.onStoreDown();
        this.clock = clock;
        this.countedLocally = Counter.builder(MeterNames.LIMITS_STORE_UNAVAILABLE).tag("action", "per_replica")
                .description("Requests whose limits were counted in the replica's memory because Redis was down")
                .register(meters);
        this.refusedUnchecked = Counter.builder(MeterNames.LIMITS_STORE_UNAVAILABLE).tag("action", "refused")
                .description("Requests refused because Redis was down (gateway.limits.on-store-down=closed)")
                .register(meters);
        if (shared != null) {
            Gauge.builder(MeterNames.LIMITS_STORE_UP, sharedUp, up -> up.get() ? 1 : 0)
                    .description("1 while the limits are counted in Redis, 0 while Redis cannot be reached")
                    .register(meters);
        }
    }

    /**
     * Counts a request in every one of its counters, or in none when one would go over its limit.
     *
     * @param team the team of the request's key: where its counters are kept together
     * @throws GatewayException LIMITS_UNAVAILABLE (503) when Redis cannot be reached and the mode is closed
     */
    public Mono<Admission> admit(String team, List<Count> counts) {
        String lease = Long.toHexString(ThreadLocalRandom.current().nextLong());
        long now = clock.millis();
        if (shared == null) {
            return local.take(team, counts, lease, now);
        }
        return shared.take(team, counts, lease, now)
                .doOnNext(counted -> reachable())
                .onErrorResume(error -> {
                    unreachable(error);
                    if (onStoreDown == LimitSettings.OnStoreDown.CLOSED) {
                        refusedUnchecked.increment();
                        return Mono.error(new GatewayException(ErrorKind.LIMITS_UNAVAILABLE, "The rate limits cannot "
                                + "be checked now (their store does not answer), and this gateway refuses requests "
                                + "it cannot check (gateway.limits.on-store-down=closed); try again shortly",
                                RETRY_WHEN_DOWN, null));
                    }
                    countedLocally.increment();
                    return local.take(team, counts, lease, now);
                });
    }

    /**
     * Settles an admitted request once its answer is over: its token counters move from what it reserved to what it
     * used, its streams are given back. Only the first settlement of a request counts. It never fails: a store that
     * cannot take it keeps the reservation until the window ends (and the stream's place until its lease lapses).
     *
     * @param tokensUsed the tokens the answer used (for a stream cancelled before its end, what was streamed)
     */
    public Mono<Void> settle(Admission admission, long tokensUsed) {
        if (!admission.settleOnce()) {
            return Mono.empty();
        }
        long change = tokensUsed - admission.reservedTokens();
        return admission.store().settle(admission, change)
                .onErrorResume(error -> {
                    unreachable(error);
                    return Mono.empty();
                });
    }

    private void reachable() {
        if (sharedUp.compareAndSet(false, true)) {
            log.info("Redis answers again: rate limits are shared by every replica again");
        }
    }

    private void unreachable(Throwable error) {
        if (sharedUp.compareAndSet(true, false)) {
            log.warn("Redis cannot be reached ({}): rate limits are {} until it answers again",
                    error.getMessage(), onStoreDown == LimitSettings.OnStoreDown.OPEN
                            ? "counted per replica (gateway.limits.on-store-down=open)"
                            : "not checked and requests are refused with 503 (gateway.limits.on-store-down=closed)");
        }
    }
}
