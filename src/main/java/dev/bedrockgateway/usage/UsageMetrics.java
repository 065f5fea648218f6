package dev.bedrockgateway.usage;

import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The spend meters. Their only tag is the team, which comes from the key store (a key's team), never from what a
 * caller sent, so the number of series is the number of teams.
 */
public final class UsageMetrics {

    /** The team tag of spend with keys off, when there is no key and so no team. */
    public static final String NO_TEAM = "none";

    private final MeterRegistry registry;
    private final Map<String, Counter> spend = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> remaining = new ConcurrentHashMap<>();

    public UsageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counter of rows the ledger dropped; it exists from start-up, so a dashboard sees its zero. */
    Counter droppedRows() {
        return Counter.builder(MeterNames.LEDGER_DROPPED_ROWS)
                .description("Ledger rows dropped because its buffer was full").register(registry);
    }

    /** A cost charged to a team ({@link #NO_TEAM} when there is none). */
    public void spent(String team, double usd) {
        String tag = team == null ? NO_TEAM : team;
        spend.computeIfAbsent(tag, name -> Counter.builder(MeterNames.SPEND)
                .description("USD charged, per team").tag("team", name).register(registry)).increment(usd);
    }

    /** What is left of a team's tighter budget after its latest charge. */
    public void remaining(String team, BigDecimal usd) {
        remaining.computeIfAbsent(team, name -> {
            AtomicReference<Double> value = new AtomicReference<>(0.0);
            Gauge.builder(MeterNames.BUDGET_REMAINING, value, AtomicReference::get)
                    .description("USD left of the team's tighter budget (daily or monthly)").tag("team", name)
                    .register(registry);
            return value;
        }).set(usd.doubleValue());
    }
}
