package dev.bedrockgateway.routing;

import dev.bedrockgateway.config.GatewayConfigFile;
import dev.bedrockgateway.config.GatewaySettingsReader;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file: binds it, compiles a new {@link RouteTable} and swaps it in. A file that does not
 * compile is refused whole (the table in force stays) and the refusal is logged with its key and counted. Guards and
 * latency averages carry over for the models the new table serves alike; the others start afresh.
 */
public class RouteTableReload {

    private static final Logger log = LoggerFactory.getLogger(RouteTableReload.class);

    private final GatewaySettingsReader settings;
    private final RouteTableCompiler compiler;
    private final ActiveRouteTable tables;
    private final ModelGuards guards;
    private final LatencyTracker latencies;
    private final Counter applied;
    private final Counter refused;
    private final AtomicLong lastAppliedSeconds = new AtomicLong(System.currentTimeMillis() / 1000);
    /** The hash of the content last read, applied or refused: the watch acts only on a different one. */
    private volatile String lastHash;

    public RouteTableReload(GatewaySettingsReader settings, RouteTableCompiler compiler, ActiveRouteTable tables,
                            ModelGuards guards, LatencyTracker latencies, MeterRegistry meters) {
        this.settings = settings;
        this.compiler = compiler;
        this.tables = tables;
        this.guards = guards;
        this.latencies = latencies;
        this.applied = Counter.builder(MeterNames.CONFIG_RELOADS).tag("outcome", "applied")
                .description("Reloads of the configuration file").register(meters);
        this.refused = Counter.builder(MeterNames.CONFIG_RELOADS).tag("outcome", "refused")
                .description("Reloads of the configuration file").register(meters);
        Gauge.builder(MeterNames.CONFIG_LAST_RELOAD, lastAppliedSeconds, AtomicLong::get)
                .description("When the route table in force was loaded, seconds since the epoch").register(meters);
        this.lastHash = GatewayConfigFile.hash(settings.content());
    }

    /** What a reload did. */
    public record Outcome(boolean applied, String file, String key, String problem, int models, int routes,
                          Set<String> kept) {
    }

    /** Reloads now, whatever the file's hash. */
    public synchronized Outcome reload() {
        byte[] content;
        try {
            content = settings.content();
        } catch (InvalidConfigurationException e) {
            return refuse(e);
        }
        return reload(content);
    }

    /** Reloads when the file's content changed since it was last read; null when it did not. */
    public synchronized Outcome reloadIfChanged() {
        byte[] content = settings.content();
        if (GatewayConfigFile.hash(content).equals(lastHash)) {
            return null;
        }
        return reload(content);
    }

    private Outcome reload(byte[] content) {
        lastHash = GatewayConfigFile.hash(content);
        RouteTable next;
        try {
            next = compiler.compile(settings.bind(content));
        } catch (InvalidConfigurationException e) {
            return refuse(e);
        }
        RouteTable previous = tables.current();
        Set<String> kept = new HashSet<>();
        next.catalog().aliases().forEach(alias -> {
            if (next.servesAlike(previous, alias)) {
                kept.add(alias);
            }
        });
        guards.replace(next.guardDefaults(), next.guards(), kept);
        latencies.keepOnly(kept);
        tables.swap(next);
        applied.increment();
        lastAppliedSeconds.set(System.currentTimeMillis() / 1000);
        log.info("Configuration reloaded from {}: {} models ({} unchanged), {} routes", file(),
                next.catalog().models().size(), kept.size(), next.routes().size());
        return new Outcome(true, file(), null, null, next.catalog().models().size(), next.routes().size(),
                Set.copyOf(kept));
    }

    private Outcome refuse(InvalidConfigurationException e) {
        refused.increment();
        log.warn("Configuration reload refused, the route table in force stays: key {}: {}", e.key(),
                e.getMessage());
        return new Outcome(false, file(), e.key(), e.getMessage(), 0, 0, Set.of());
    }

    private String file() {
        return settings.file().getDescription();
    }
}
