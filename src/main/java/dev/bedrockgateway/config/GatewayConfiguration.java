package dev.bedrockgateway.config;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.routing.LatencyTracker;
import dev.bedrockgateway.routing.Router;
import java.util.concurrent.ThreadLocalRandom;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The catalog, the model guards and the router, built once from {@code config/gateway.yml} and checked at start-up. */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    ModelCatalog modelCatalog(GatewayProperties properties) {
        if (properties.models().isEmpty()) {
            throw new InvalidConfigurationException("gateway.models", "[]",
                    "the catalog is empty; config/gateway.yml (or the jar's built-in copy) was not loaded");
        }
        return ModelCatalog.from(properties);
    }

    @Bean
    ModelGuards modelGuards(GatewayProperties properties, ModelCatalog catalog, MeterRegistry meters) {
        return new ModelGuards(properties.resilience(), catalog, meters, Clock.systemUTC());
    }

    @Bean
    LatencyTracker latencyTracker() {
        return new LatencyTracker();
    }

    @Bean
    Router router(ModelCatalog catalog, GatewayProperties properties, LatencyTracker latencies) {
        return new Router(catalog, properties, latencies, () -> ThreadLocalRandom.current().nextDouble());
    }
}
