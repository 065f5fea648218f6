package dev.bedrockgateway.access;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.auth.*}: how callers prove who they are, and how long a replica may trust what it read of a key.
 *
 * @param mode     none (anyone who reaches the port may spend; the default from source), or keys, jwt or both
 *                 ({@code keys,jwt})
 * @param cacheTtl how long a key read from a shared store is trusted before it is read again; at most 1s, so a
 *                 revoked or rotated-out key is refused by every replica within one second
 * @param jwt      the issuer and claims of JWT callers (mode jwt)
 * @param staleIfStoreDown while the shared key store cannot be read, how long a key's last answer read from it may
 *                 still be used (keys and teams cannot be changed while it is down either); past it, or for a key not
 *                 read before, 503 {@code identity_unavailable}; 0 refuses at once
 * @param requireKeyStore with keys on, refuse to start unless keys are kept in PostgreSQL
 *                 ({@code gateway.store.postgres.url}): keys kept in memory are lost at every restart and known to
 *                 one replica only. On in the packaged jar and the image, off from source (see
 *                 {@code BedrockGatewayApplication.PACKAGED_DEFAULTS})
 */
@ConfigurationProperties("gateway.auth")
public record AccessSettings(@DefaultValue("none") List<AuthMode> mode, @DefaultValue("500ms") Duration cacheTtl,
                             @DefaultValue JwtSettings jwt, @DefaultValue("5m") Duration staleIfStoreDown,
                             @DefaultValue("false") boolean requireKeyStore) {

    /** Longest a replica may keep answering for a key another replica revoked. */
    static final Duration MAX_CACHE_TTL = Duration.ofSeconds(1);

    public AccessSettings {
        mode = mode == null || mode.isEmpty() ? List.of(AuthMode.NONE) : List.copyOf(mode);
        staleIfStoreDown = staleIfStoreDown == null ? Duration.ofMinutes(5) : staleIfStoreDown;
        if (staleIfStoreDown.isNegative()) {
            throw new IllegalArgumentException("gateway.auth.stale-if-store-down must not be negative, but is "
                    + staleIfStoreDown);
        }
        if (mode.contains(AuthMode.NONE) && mode.size() > 1) {
            throw new IllegalArgumentException("gateway.auth.mode is " + mode + ": 'none' cannot be combined with "
                    + "another mode; use none, keys, jwt or keys,jwt");
        }
        if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("gateway.auth.cache-ttl must be between 0 and 1s (a revoked key must be "
                    + "refused everywhere within one second), but is " + cacheTtl);
        }
        if (mode.contains(AuthMode.JWT) && (jwt == null || !jwt.hasKeySource())) {
            throw new IllegalArgumentException("gateway.auth.mode includes jwt, but neither "
                    + "gateway.auth.jwt.issuer-uri nor gateway.auth.jwt.jwk-set-uri is set: set one, so that tokens' "
                    + "signatures can be checked");
        }
        if (jwt != null && !JwtSettings.present(jwt.teamClaim())) {
            throw new IllegalArgumentException("gateway.auth.jwt.team-claim must name a claim (default 'team')");
        }
    }

    /** Anyone may call: no identity is asked for. */
    public boolean open() {
        return mode.contains(AuthMode.NONE);
    }

    /** Whether API keys of the key store are taken. */
    public boolean acceptsKeys() {
        return mode.contains(AuthMode.KEYS);
    }

    /** Whether JWTs of the configured issuer are taken. */
    public boolean acceptsJwt() {
        return mode.contains(AuthMode.JWT);
    }
}
