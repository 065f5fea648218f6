package dev.bedrockgateway.access;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Answers read from a shared (database) store, found or not, trusted for a short time: a flood of requests costs one
 * query per name per {@code ttl}, and a change made on another replica is seen within {@code ttl}. The store is asked
 * off the event loop.
 * <p>
 * While the store cannot be read, a name's last answer is used for up to {@code stale}: nothing can be revoked or
 * changed in a store that is down, so callers already known keep being served through a database outage instead of
 * every request failing once the short {@code ttl} has passed. A name not read before, or read longer ago, gets 503
 * {@code identity_unavailable}, never a 500. A store that failed is asked again after {@code ttl}, by one request;
 * the others meanwhile get those answers at once.
 *
 * @param <V> what is read
 */
final class StoreCache<V> {

    private static final Logger log = LoggerFactory.getLogger(StoreCache.class);
    /** Most answers cached; beyond it the cache starts over, so names sent in bulk cannot grow it unbounded. */
    private static final int MAX_CACHED = 10_000;
    /** At most one warning this often while the store is down. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long UP = Long.MIN_VALUE;

    private final long ttlNanos;
    private final long staleNanos;
    private final Map<String, Cached<V>> cache = new ConcurrentHashMap<>();
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    /** Until when (System.nanoTime) the store, which just failed, is not asked again; {@link #UP} while it answers. */
    private final AtomicLong downUntilNanos = new AtomicLong(UP);

    /** A store's answer for one name, and when it was asked. */
    private record Cached<V>(Optional<V> value, long readAtNanos) {
    }

    StoreCache(long ttlNanos, long staleNanos) {
        this.ttlNanos = ttlNanos;
        this.staleNanos = staleNanos;
    }

    /** The cached answer for {@code name}, or the store's, read by {@code read} and kept. */
    Mono<Optional<V>> get(String name, Callable<Optional<V>> read) {
        Cached<V> hit = cache.get(name);
        long now = System.nanoTime();
        if (hit != null && now - hit.readAtNanos() < ttlNanos) {
            return Mono.just(hit.value());
        }
        if (!mayAsk(now)) {
            return Mono.fromCallable(() -> lastKnown(hit, now, null));
        }
        return Mono.fromCallable(() -> {
                    long readAt = System.nanoTime();
                    Optional<V> value;
                    try {
                        value = read.call();
                    } catch (Exception storeDown) {
                        downUntilNanos.set(System.nanoTime() + ttlNanos);
                        return lastKnown(hit, readAt, storeDown);
                    }
                    downUntilNanos.set(UP);
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(name, new Cached<>(value, readAt));
                    return value;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Whether to ask the store now: always while it answers; once it failed, not again for {@code ttl}, and then by one
     * request at a time, so that during an outage the others answer at once instead of each waiting for a connection.
     */
    private boolean mayAsk(long now) {
        long downUntil = downUntilNanos.get();
        return downUntil == UP || now - downUntil >= 0 && downUntilNanos.compareAndSet(downUntil, now + ttlNanos);
    }

    /** Forgets every answer, and that the store failed: called after a write to it, which just succeeded. */
    void clear() {
        cache.clear();
        downUntilNanos.set(UP);
    }

    /** @param storeDown what the store failed with, or null when it was not asked (it failed a moment ago) */
    private Optional<V> lastKnown(Cached<V> hit, long now, Exception storeDown) {
        boolean stale = hit != null && now - hit.readAtNanos() < staleNanos;
        long last = lastWarnNanos.get();
        if (storeDown != null && now - last >= WARN_EVERY_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("The key store cannot be read ({}); {}", storeDown.toString(), staleNanos > 0
                    ? "callers read from it in the last " + TimeUnit.NANOSECONDS.toSeconds(staleNanos)
                    + " s keep their last answer (gateway.auth.stale-if-store-down), others get 503"
                    : "callers get 503 (gateway.auth.stale-if-store-down is 0)");
        }
        if (stale) {
            return hit.value();
        }
        throw new GatewayException(ErrorKind.IDENTITY_UNAVAILABLE, "The key store cannot be read now, so this "
                + "caller cannot be checked; try again shortly");
    }
}
