package dev.bedrockgateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.limits.*} of the rate limits (beside {@code gateway.limits.max-body-size}, which the web edge reads).
 *
 * @param onStoreDown what a request meets while the configured Redis cannot be reached: {@code open} (the default)
 *                    counts it in this replica's memory instead, so each replica enforces the limits on its own;
 *                    {@code closed} refuses it with 503 {@code limits_unavailable}
 */
@ConfigurationProperties("gateway.limits")
public record LimitSettings(@DefaultValue("open") OnStoreDown onStoreDown) {

    /** What happens to a request whose limits cannot be checked in Redis. */
    public enum OnStoreDown {
        OPEN,
        CLOSED
    }
}
