package dev.bedrockgateway.routing;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewaySettingsReader;
import dev.bedrockgateway.config.ReloadSettings;
import dev.bedrockgateway.resilience.ModelGuards;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The route table compiled from the configuration at start-up, the guards and router over it, and its reload. */
@Configuration(proxyBeanMethods = false)
public class RoutingConfiguration {

    @Bean
    LatencyTracker latencyTracker() {
        return new LatencyTracker();
    }

    @Bean
    RouteTableCompiler routeTableCompiler(LatencyTracker latencies) {
        return new RouteTableCompiler(latencies, () -> ThreadLocalRandom.current().nextDouble());
    }

    @Bean
    ActiveRouteTable activeRouteTable(RouteTableCompiler compiler, GatewayProperties properties) {
        return new ActiveRouteTable(compiler.compile(properties));
    }

    @Bean
    ModelGuards modelGuards(ActiveRouteTable tables, MeterRegistry meters) {
        RouteTable table = tables.current();
        ModelGuards guards = new ModelGuards(table.guardDefaults(), table.guards(), meters, Clock.systemUTC());
        guards.prepare(table.catalog());
        return guards;
    }

    @Bean
    Router router(ActiveRouteTable tables) {
        return new Router(tables);
    }

    @Bean
    RouteTableReload routeTableReload(GatewaySettingsReader settings, RouteTableCompiler compiler,
                                      ActiveRouteTable tables, ModelGuards guards, LatencyTracker latencies,
                                      MeterRegistry meters) {
        return new RouteTableReload(settings, compiler, tables, guards, latencies, meters);
    }

    @Bean
    ConfigFileWatch configFileWatch(RouteTableReload reload, GatewaySettingsReader settings,
                                    ReloadSettings reloadSettings) {
        return new ConfigFileWatch(reload, settings.file(), reloadSettings.watchInterval());
    }
}
