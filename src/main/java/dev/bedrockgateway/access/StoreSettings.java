package dev.bedrockgateway.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.store.*}: where teams, keys and the audit trail are kept. With no PostgreSQL URL they are kept in
 * memory, for one replica and until it stops.
 */
@ConfigurationProperties("gateway.store")
public record StoreSettings(@DefaultValue Postgres postgres) {

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
}
