package dev.bedrockgateway.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * The spend counters when no Redis is configured: one replica's, until it stops (then rebuilt from the ledger on the
 * first miss). Expired windows are forgotten when a new counter is set, so the map holds about two windows per payer.
 */
final class MemoryCounterStore implements CounterStore {

    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    MemoryCounterStore(Clock clock) {
        this.clock = clock;
    }

    /** A counter and when it is forgotten. */
    private record Counter(AtomicLong value, Instant expiresAt) {
    }

    @Override
    public Mono<List<Long>> get(List<String> keys) {
        return Mono.fromSupplier(() -> values(keys, 0));
    }

    @Override
    public Mono<List<Long>> addIfPresent(List<String> keys, long amount) {
        return Mono.fromSupplier(() -> values(keys, amount));
    }

    @Override
    public Mono<Long> setIfAbsent(String key, long value, Instant expiresAt) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            counters.values().removeIf(counter -> !counter.expiresAt().isAfter(now));
            return counters.computeIfAbsent(key, ignored -> new Counter(new AtomicLong(value), expiresAt))
                    .value().get();
        });
    }

    private List<Long> values(List<String> keys, long amount) {
        Instant now = clock.instant();
        List<Long> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            Counter counter = counters.get(key);
            values.add(counter == null || !counter.expiresAt().isAfter(now) ? null
                    : counter.value().addAndGet(amount));
        }
        return values;
    }
}
