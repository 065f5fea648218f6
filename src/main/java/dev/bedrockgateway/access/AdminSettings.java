package dev.bedrockgateway.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gateway.admin.*} (env {@code GATEWAY_ADMIN_KEY}): the key the admin API asks for.
 *
 * @param key the admin key, or empty: then the admin API refuses everything (except the reload in mode none)
 */
@ConfigurationProperties("gateway.admin")
public record AdminSettings(String key) {

    public boolean configured() {
        return key != null && !key.isBlank();
    }

    @Override
    public String toString() {
        return "AdminSettings[key=" + (configured() ? "(set)" : "(none)") + "]";
    }
}
