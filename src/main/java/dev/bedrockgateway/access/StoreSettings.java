package dev.bedrockgateway.access;

import dev.bedrockgateway.config.InvalidConfigurationException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.store.*}: where teams, keys and the audit trail are kept (PostgreSQL), and where the counters every
 * replica shares are (Redis: rate limits, spend). With no PostgreSQL URL the store is in memory, for one replica and
 * until it stops; with no Redis URL the counters are too.
 */
@ConfigurationProperties("gateway.store")
public record StoreSettings(@DefaultValue Postgres postgres, @DefaultValue Redis redis) {

    /**
     * @param url      JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/gateway; empty keeps the store in memory
     * @param username database user
     * @param password database password
     * @param schema   the schema the gateway's tables live in (Flyway creates it)
     * @param poolSize most connections the store opens
     */
    public record Postgres(String url, String username, String password, @DefaultValue("gateway") String schema,
                           @DefaultValue("4") int poolSize) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Postgres[url=" + url + ", username=" + username + ", schema=" + schema + "]";
        }
    }

    /**
     * @param url       Redis URI, e.g. redis://127.0.0.1:6379/0 or rediss://:password@host:6380/0 (env
     *                  {@code GATEWAY_REDIS_URL}); empty: no Redis, the counters are kept in memory
     * @param timeout   longest wait for Redis to connect or answer one command, so a Redis that hangs costs a request
     *                  at most this much before it is treated as down
     * @param keyPrefix put before every key the gateway writes, so gateways (or tests) can share one Redis
     */
    public record Redis(String url, @DefaultValue("250ms") Duration timeout,
                        @DefaultValue("bedrock-gateway:") String keyPrefix) {

        public Redis {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("gateway.store.redis.timeout must be more than 0, but is " + timeout);
            }
            if (url != null && !url.isBlank()) {
                checkUrl(url);
            }
        }

        /** A URL Lettuce cannot read fails the start naming the setting, never with a bare parse error. */
        private static void checkUrl(String url) {
            try {
                RedisURI.create(url);
            } catch (IllegalArgumentException e) {
                String shown = withoutPassword(url);
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace(url, shown);
                throw new InvalidConfigurationException("gateway.store.redis.url", shown,
                        "is not a Redis URI such as redis://127.0.0.1:6379/0 or rediss://:password@host:6380/0 (" + why
                                + ")");
            }
        }

        /** The URL with anything between the scheme and an '@' (user and password) shown as ***. */
        static String withoutPassword(String url) {
            int scheme = url.indexOf("://");
            int at = url.lastIndexOf('@');
            return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
        }

        public boolean configured() {
            return url != null && !url.isBlank();
        }

        /** Never the URL: it may carry a password. */
        @Override
        public String toString() {
            return "Redis[configured=" + configured() + ", timeout=" + timeout + ", keyPrefix=" + keyPrefix + "]";
        }
    }
}
