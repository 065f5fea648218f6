package dev.bedrockgateway.access;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Finds the key a caller presented, or refuses it with 401 {@code invalid_api_key}. A shared (database) store is
 * asked off the event loop, and its answer, found or not, is trusted for {@link AccessSettings#cacheTtl()} (at most a
 * second), so a revocation on any replica reaches every other within a second, and a flood of wrong keys costs one
 * query per key per second.
 */
public final class KeyAuthenticator {

    /** Most answers cached; beyond it the cache starts over, so wrong keys sent in bulk cannot grow it unbounded. */
    private static final int MAX_CACHED = 10_000;

    private final KeyStore store;
    private final AccessSettings settings;
    private final Clock clock;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /**
     * A key that only this process knows, for its own start-up warm-up: random per start, never stored, logged or
     * answered, and gone when the process stops.
     */
    private final String processKey = KeySecrets.newKey();
    private final byte[] processKeyHash = KeySecrets.hash(processKey);
    private final AccessKey processCaller;

    /** A store's answer for one secret hash, and when it was asked. */
    private record Cached(Optional<AccessKey> key, long readAtNanos) {
    }

    public KeyAuthenticator(KeyStore store, AccessSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.ttlNanos = settings.cacheTtl().toNanos();
        this.processCaller = new AccessKey("key_gateway_warmup", "start-up warm-up", "_gateway",
                KeySecrets.prefix(processKey), List.of("*"), null, null, clock.instant(), null);
    }

    /** The key of the gateway's own warm-up requests (see the field's comment); pass it to nothing else. */
    public String processKey() {
        return processKey;
    }

    /** Whether callers must present a key (mode keys). */
    public boolean required() {
        return settings.mode() == AuthMode.KEYS;
    }

    /**
     * The usable key for a presented secret.
     *
     * @param presented the secret as sent, or null when none was
     */
    public Mono<AccessKey> authenticate(String presented) {
        if (presented == null) {
            return Mono.error(invalid("No API key: send one as 'Authorization: Bearer <key>' or 'x-api-key: <key>'"));
        }
        byte[] hash = KeySecrets.hash(presented);
        if (MessageDigest.isEqual(hash, processKeyHash)) {
            return Mono.just(processCaller);
        }
        Mono<Optional<AccessKey>> found = store.blocking() ? cached(hash)
                : Mono.fromSupplier(() -> store.findBySecretHash(hash, clock.instant()));
        return found.flatMap(this::usable);
    }

    /** Forgets every cached answer: after an admin write on this replica, which must be seen at once here. */
    public void forgetCached() {
        cache.clear();
    }

    private Mono<AccessKey> usable(Optional<AccessKey> found) {
        if (found.isEmpty()) {
            return Mono.error(invalid("Unknown API key"));
        }
        AccessKey key = found.get();
        Instant now = clock.instant();
        if (key.revokedAt() != null) {
            return Mono.error(invalid("API key " + key.prefix() + "… was revoked"));
        }
        if (!key.usableAt(now)) {
            return Mono.error(invalid("API key " + key.prefix() + "… expired at " + key.expiresAt()));
        }
        return Mono.just(key);
    }

    private Mono<Optional<AccessKey>> cached(byte[] hash) {
        String slot = HexFormat.of().formatHex(hash);
        Cached hit = cache.get(slot);
        long now = System.nanoTime();
        if (hit != null && now - hit.readAtNanos() < ttlNanos) {
            return Mono.just(hit.key());
        }
        return Mono.fromCallable(() -> {
                    long readAt = System.nanoTime();
                    Optional<AccessKey> key = store.findBySecretHash(hash, clock.instant());
                    if (cache.size() >= MAX_CACHED) {
                        cache.clear();
                    }
                    cache.put(slot, new Cached(key, readAt));
                    return key;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static GatewayException invalid(String detail) {
        return new GatewayException(ErrorKind.INVALID_API_KEY, detail);
    }
}
