package dev.bedrockgateway.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.auth.*}: whether callers need an API key, and how long a replica may trust what it read of a key.
 *
 * @param mode     none (anyone who reaches the port may spend; the default from source) or keys
 * @param cacheTtl how long a key read from a shared store is trusted before it is read again; at most 1s, so a
 *                 revoked or rotated-out key is refused by every replica within one second
 */
@ConfigurationProperties("gateway.auth")
public record AccessSettings(@DefaultValue("none") AuthMode mode, @DefaultValue("500ms") Duration cacheTtl) {

    /** Longest a replica may keep answering for a key another replica revoked. */
    static final Duration MAX_CACHE_TTL = Duration.ofSeconds(1);

    public AccessSettings {
        if (cacheTtl.isNegative() || cacheTtl.compareTo(MAX_CACHE_TTL) > 0) {
            throw new IllegalArgumentException("gateway.auth.cache-ttl must be between 0 and 1s (a revoked key must be "
                    + "refused everywhere within one second), but is " + cacheTtl);
        }
    }
}
