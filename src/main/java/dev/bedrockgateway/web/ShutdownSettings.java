package dev.bedrockgateway.web;

import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway stops ({@code gateway.shutdown}).
 *
 * @param drainWait how long the gateway keeps serving after the signal to stop, reporting itself not ready and closing
 *                  every connection after its answer, before Spring's graceful shutdown stops accepting connections.
 *                  0 by default: run from source or alone there is no load balancer to wait for; behind one, set it to
 *                  the time the balancer takes to stop sending new requests (its deregistration delay, or the readiness
 *                  probe's period times its failure threshold in Kubernetes), see the README
 */
@ConfigurationProperties("gateway.shutdown")
public record ShutdownSettings(@DefaultValue("0s") Duration drainWait) {

    public ShutdownSettings {
        if (drainWait.isNegative()) {
            throw new InvalidConfigurationException("gateway.shutdown.drain-wait", drainWait, "must not be negative");
        }
    }
}
