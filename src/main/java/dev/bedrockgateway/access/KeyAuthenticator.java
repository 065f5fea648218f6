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
import reactor.core.publisher.Mono;

/**
 * Finds the key a caller presented, or refuses it with 401 {@code invalid_api_key}. A shared (database) store is
 * asked off the event loop, and its answer, found or not, is trusted for {@link AccessSettings#cacheTtl()} (at most a
 * second), so a revocation on any replica reaches every other within a second, and a flood of wrong keys costs one
 * query per key per second.
 */
public final class KeyAuthenticator {

    private final KeyStore store;
    private final AccessSettings settings;
    private final Clock clock;
    private final StoreCache<AccessKey> keys;
    private final StoreCache<Team> teams;
    /**
     * A key that only this process knows, for its own start-up warm-up: random per start, never stored, logged or
     * answered, and gone when the process stops.
     */
    private final String processKey = KeySecrets.newKey();
    private final byte[] processKeyHash = KeySecrets.hash(processKey);
    private final AccessKey processCaller;

    public KeyAuthenticator(KeyStore store, AccessSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.keys = new StoreCache<>(settings.cacheTtl().toNanos());
        this.teams = new StoreCache<>(settings.cacheTtl().toNanos());
        this.processCaller = new AccessKey("key_gateway_warmup", "start-up warm-up", "_gateway",
                KeySecrets.prefix(processKey), List.of("*"), null, null, clock.instant(), null, Limits.NONE, Map.of());
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
        Mono<Optional<AccessKey>> found = store.blocking()
                ? keys.get(HexFormat.of().formatHex(hash), () -> store.findBySecretHash(hash, clock.instant()))
                : Mono.fromSupplier(() -> store.findBySecretHash(hash, clock.instant()));
        return found.flatMap(this::usable);
    }

    /**
     * The team of a key, with the limits its keys share; read like keys are (trusted for the cache TTL). A team that
     * is not stored (the warm-up's own) has no limits.
     */
    public Mono<Team> team(AccessKey key) {
        Mono<Optional<Team>> found = store.blocking() ? teams.get(key.team(), () -> store.team(key.team()))
                : Mono.fromSupplier(() -> store.team(key.team()));
        return found.map(team -> team.orElseGet(() -> new Team(key.team(), key.createdAt(), Limits.NONE)));
    }

    /** Forgets every cached answer: after an admin write on this replica, which must be seen at once here. */
    public void forgetCached() {
        keys.clear();
        teams.clear();
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

    private static GatewayException invalid(String detail) {
        return new GatewayException(ErrorKind.INVALID_API_KEY, detail);
    }
}
