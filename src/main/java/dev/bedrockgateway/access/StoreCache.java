package dev.bedrockgateway.access;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers read from a shared (database) store, found or not, trusted for a short time: a flood of requests costs one
 * query per name per {@code ttl}, and a change made on another replica is seen within {@code ttl}. The store is asked
 * off the event loop.
 *
 * @param <V> what is read
 */
final class StoreCache<V> {

    /** Most answers cached; beyond it the cache starts over, so names sent in bulk cannot grow it unbounded. */
    private static final int MAX_CACHED = 10_000;

    private final long ttlNanos;
    private final Map<String, Cached<V>> cache = new ConcurrentHashMap<>();

    /** A store's answer for one name, and when it was asked. */
    private record Cached<V>(Optional<V> value, long readAtNanos) {
    }

    StoreCache(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** The cached answer for {@code name}, or the store's, read by {@code read} and kept. */
    Mono<Optional<V>> get(String name, Callable<Optional<V>> read) {
        Cached<V> hit = cache.get(name);
        if (hit != null && System.nanoTime() - hit.readAtNanos() < ttlNanos) {
            return Mono.just(hit.value());
        }
        return Mono.fromCallable(() -> {
                    long readAt = System.nanoTime();
                    Optional<V> value = read.call();
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(name, new Cached<>(value, readAt));
                    return value;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    void clear() {
        cache.clear();
    }
}
