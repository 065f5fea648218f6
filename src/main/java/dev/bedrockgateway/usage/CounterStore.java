package dev.bedrockgateway.usage;

import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where the spend counters budgets are enforced from live: Redis, shared by every replica, or memory. Amounts are
 * whole nano-dollars, so that adding is exact and atomic in Redis. A counter that is missing (never set, expired,
 * or emptied with its store) answers null, and {@link SpendCounters} rebuilds it from the ledger.
 */
public interface CounterStore {

    /** The counters' values, null for each that is missing; one round trip. */
    Mono<List<Long>> get(List<String> keys);

    /** Adds {@code amount} to each counter that exists, leaving missing ones missing; answers the values after. */
    Mono<List<Long>> addIfPresent(List<String> keys, long amount);

    /** Sets a missing counter to {@code value}, to be forgotten at {@code expiresAt}; answers its value after. */
    Mono<Long> setIfAbsent(String key, long value, Instant expiresAt);
}
