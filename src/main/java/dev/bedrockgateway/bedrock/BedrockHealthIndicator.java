package dev.bedrockgateway.bedrock;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Backend;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * The Bedrock client's health, judged without calling a model (a model call costs money and can be throttled):
 * which backend, endpoint and region the client uses, and for the emulator whether it is running. Actuator shows
 * these details only where {@code management.endpoint.health.show-details} allows; they never hold a credential.
 */
@Component("bedrock")
public class BedrockHealthIndicator implements HealthIndicator {

    private final BedrockRuntimeAsyncClient client;
    private final Backend backend;
    private final ObjectProvider<LocalBedrock> emulator;

    public BedrockHealthIndicator(BedrockClients clients, GatewayProperties properties,
                                  ObjectProvider<LocalBedrock> emulator) {
        this.client = clients.shared();
        this.backend = properties.backend();
        this.emulator = emulator;
    }

    @Override
    public Health health() {
        var configuration = client.serviceClientConfiguration();
        Health.Builder health = Health.up();
        if (backend == Backend.EMULATOR) {
            LocalBedrock running = emulator.getIfAvailable();
            health = running != null && running.isRunning() ? Health.up() : Health.down();
            health.withDetail("emulator", running != null && running.isRunning() ? "running" : "stopped");
        }
        return health.withDetail("backend", backend.name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("endpoint", configuration.endpointOverride().map(BedrockHealthIndicator::shown)
                        .orElse("AWS default for the region"))
                .withDetail("region", configuration.region() == null ? "" : configuration.region().id())
                .build();
    }

    /**
     * An endpoint override as health shows it: scheme, host, port and path only, since a URL may carry a user and
     * password or a signed query, which health must never show.
     */
    static String shown(URI endpoint) {
        if (endpoint.getHost() == null) {
            return endpoint.getScheme() == null ? "" : endpoint.getScheme() + ":";
        }
        return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":"
                + endpoint.getPort()) + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
    }
}
