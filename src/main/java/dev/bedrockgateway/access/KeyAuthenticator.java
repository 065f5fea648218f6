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
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Finds the key a caller presented (or, in mode jwt, the caller a JWT stands for), or refuses it with 401
 * {@code invalid_api_key}. A shared (database) store is
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
    /** The JWT checks in mode jwt, else null. */
    private final JwtCallers tokens;

    public KeyAuthenticator(KeyStore store, AccessSettings settings, Clock clock) {
        this(store, settings, clock, settings.acceptsJwt() ? JwtCallers.of(settings.jwt()) : null);
    }

    KeyAuthenticator(KeyStore store, AccessSettings settings, Clock clock, JwtCallers tokens) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.tokens = tokens;
        this.keys = new StoreCache<>(settings.cacheTtl().toNanos(), settings.staleIfStoreDown().toNanos());
        this.teams = new StoreCache<>(settings.cacheTtl().toNanos(), settings.staleIfStoreDown().toNanos());
        this.processCaller = new AccessKey("key_gateway_warmup", "start-up warm-up", "_gateway",
                KeySecrets.prefix(processKey), List.of("*"), null, null, clock.instant(), null, Limits.NONE, Map.of());
    }

    /** The key of the gateway's own warm-up requests (see the field's comment); pass it to nothing else. */
    public String processKey() {
        return processKey;
    }

    /** Whether callers must present a key or a token (any mode but none). */
    public boolean required() {
        return !settings.open();
    }

    /**
     * The caller of a request: a bearer value shaped like a JWT is checked as one in mode jwt, anything else (and
     * {@code x-api-key} always) as an API key, which mode jwt alone refuses. A JWT's team must be stored: one naming
     * an unknown team is refused with 403, since the token itself is good.
     */
    public Mono<AccessKey> authenticate(ServerHttpRequest request) {
        String bearer = KeySecrets.bearer(request);
        if (tokens != null && JwtCallers.looksLikeJwt(bearer)) {
            return tokens.caller(bearer).flatMap(this::withStoredTeam);
        }
        String presented = KeySecrets.presented(request);
        if (!settings.acceptsKeys() && presented != null && !isProcessKey(KeySecrets.hash(presented))) {
            return Mono.error(invalid("This gateway takes JWTs only (gateway.auth.mode=jwt): send "
                    + "'Authorization: Bearer <jwt>'"));
        }
        return authenticate(presented);
    }

    /** Whether a bearer value may open the admin API as a JWT with the admin role (else it is an admin key). */
    public boolean adminByToken(String bearer) {
        return tokens != null && settings.jwt().hasAdminRole() && JwtCallers.looksLikeJwt(bearer);
    }

    /** Who an admin token is ({@code jwt:<sub>}); 401 unless it is good, 403 unless it carries the admin role. */
    public Mono<String> admin(String token) {
        return tokens.admin(token);
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
        if (isProcessKey(hash)) {
            return Mono.just(processCaller);
        }
        if (!KeySecrets.wellFormed(presented)) {
            // Known wrong without the store: 401 even while it is down, and no query spent on it.
            return Mono.error(invalid("Not an API key of this gateway: keys are " + KeySecrets.KEY_PREFIX
                    + " and 43 more characters, as POST /admin/v1/keys answered them"));
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
        return storedTeam(key.team())
                .map(team -> team.orElseGet(() -> new Team(key.team(), key.createdAt(), Limits.NONE)));
    }

    /** Forgets every cached answer: after an admin write on this replica, which must be seen at once here. */
    public void forgetCached() {
        keys.clear();
        teams.clear();
    }

    private Mono<Optional<Team>> storedTeam(String name) {
        return store.blocking() ? teams.get(name, () -> store.team(name)) : Mono.fromSupplier(() -> store.team(name));
    }

    private boolean isProcessKey(byte[] hash) {
        return MessageDigest.isEqual(hash, processKeyHash);
    }

    private Mono<AccessKey> withStoredTeam(AccessKey caller) {
        return storedTeam(caller.team()).flatMap(team -> team.isPresent() ? Mono.just(caller)
                : Mono.error(new GatewayException(ErrorKind.FORBIDDEN, "The JWT names team '" + caller.team()
                        + "', which is not in the key store: an admin must create it (POST /admin/v1/teams) so that "
                        + "its limits and budgets apply")));
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
