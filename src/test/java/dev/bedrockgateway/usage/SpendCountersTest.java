package dev.bedrockgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Spend counters per key and team, per UTC day and month, rebuilt from the ledger when they are missing. */
class SpendCountersTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final Ledger ledger = Ledger.unscheduled(new MemoryLedgerStore(1000), 1000, 100,
            new SimpleMeterRegistry().counter("dropped"));

    @Test
    void chargesAddUpPerKeyAndTeamAndWindow() {
        SpendCounters counters = new SpendCounters(new MemoryCounterStore(CLOCK), ledger, CLOCK, "t:");
        charge(counters, "key_a", "search", "0.25");
        charge(counters, "key_b", "search", "0.5");
        Spend spend = charge(counters, "key_a", "search", "0.125");

        assertThat(spend.keyToday()).isEqualByComparingTo("0.375");
        assertThat(spend.keyThisMonth()).isEqualByComparingTo("0.375");
        assertThat(spend.teamToday()).isEqualByComparingTo("0.875");
        assertThat(counters.spend("key_b", "search").block().keyToday()).isEqualByComparingTo("0.5");
    }

    @Test
    void emptiedCountersAreRebuiltFromTheLedgerForTheCurrentWindowsOnly() {
        ledger.record(row("key_a", "search", "2", NOW.minus(Duration.ofDays(40)))); // an earlier month
        ledger.record(row("key_a", "search", "1", NOW.minus(Duration.ofDays(2))));  // this month, not today
        ledger.flush();
        SpendCounters first = new SpendCounters(new MemoryCounterStore(CLOCK), ledger, CLOCK, "t:");
        charge(first, "key_a", "search", "0.5");

        // A new, empty counter store over the same ledger: Redis emptied, or a restart with counters in memory.
        SpendCounters afterFlush = new SpendCounters(new MemoryCounterStore(CLOCK), ledger, CLOCK, "t:");
        Spend spend = afterFlush.spend("key_a", "search").block();

        assertThat(spend.keyToday()).isEqualByComparingTo("0.5");
        assertThat(spend.keyThisMonth()).isEqualByComparingTo("1.5");
        assertThat(spend.teamThisMonth()).isEqualByComparingTo("1.5");
        assertThat(charge(afterFlush, "key_a", "search", "0.25").keyToday()).as("then counted on")
                .isEqualByComparingTo("0.75");
    }

    /** As the ledger step does: the row first, then the charge. */
    private Spend charge(SpendCounters counters, String key, String team, String cost) {
        ledger.record(row(key, team, cost, NOW));
        return counters.charge(key, team, new BigDecimal(cost)).block();
    }

    private static LedgerRow row(String key, String team, String cost, Instant at) {
        return LedgerRow.of("req", at, key, team, "llama3-8b", "meta.llama3-8b-instruct-v1:0", "chat", "default", 1, 1,
                new BigDecimal(cost), "ok", 1);
    }
}
