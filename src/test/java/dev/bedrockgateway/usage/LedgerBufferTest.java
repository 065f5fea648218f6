package dev.bedrockgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's buffer: bounded, counting what it drops, and keeping a failed batch until it is written. */
class LedgerBufferTest {

    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter dropped = registry.counter("dropped");
    private final FlakyStore store = new FlakyStore();

    @Test
    void keepsAtMostItsCapacityAndCountsEveryRowItDrops() {
        Ledger ledger = Ledger.unscheduled(store, 3, 10, dropped);
        for (int i = 0; i < 5; i++) {
            ledger.record(row("req_" + i, "team-a", "0.01"));
        }
        assertThat(ledger.pending()).isEqualTo(3);
        assertThat(dropped.count()).isEqualTo(2);

        ledger.flush();
        assertThat(store.written).extracting(LedgerRow::requestId).containsExactly("req_0", "req_1", "req_2");
        assertThat(ledger.pending()).isZero();
        assertThat(ledger.record(row("req_5", "team-a", "0.01"))).as("room again once written").isTrue();
    }

    @Test
    void aFailedBatchIsWrittenOnceTheStoreIsBackWithNoRowLostOrWrittenTwice() {
        Ledger ledger = Ledger.unscheduled(store, 100, 2, dropped);
        for (int i = 0; i < 5; i++) {
            ledger.record(row("req_" + i, "team-a", "0.01"));
        }
        store.down = true;
        ledger.flush();
        ledger.flush();
        assertThat(store.written).isEmpty();
        assertThat(ledger.pending()).isEqualTo(5);
        ledger.record(row("req_5", "team-a", "0.01"));

        store.down = false;
        ledger.flush();
        assertThat(store.written).extracting(LedgerRow::requestId)
                .containsExactly("req_0", "req_1", "req_2", "req_3", "req_4", "req_5");
        assertThat(store.batchSizes).as("batches of at most batch-rows").containsExactly(2, 2, 2);
        assertThat(ledger.pending()).isZero();
        assertThat(dropped.count()).isZero();
    }

    @Test
    void whatAPayerSpentCountsTheRowsStillWaitingInTheBuffer() {
        Ledger ledger = Ledger.unscheduled(store, 100, 10, dropped);
        ledger.record(row("req_1", "team-a", "0.25"));
        ledger.flush();
        ledger.record(row("req_2", "team-a", "0.5"));
        ledger.record(row("req_3", "team-b", "1"));

        assertThat(ledger.spent(Payer.team("team-a"), NOW.minusSeconds(60), NOW.plusSeconds(60)))
                .isEqualByComparingTo("0.75");
        assertThat(ledger.spent(Payer.team("team-a"), NOW.plusSeconds(1), NOW.plusSeconds(60)))
                .as("outside the window").isEqualByComparingTo("0");
    }

    private static LedgerRow row(String requestId, String team, String cost) {
        return LedgerRow.of(requestId, NOW, "key_" + team, team, "llama3-8b", "meta.llama3-8b-instruct-v1:0",
                "chat", "default", 10, 20, new BigDecimal(cost), "ok", 5);
    }

    /** A store that fails every write while it is down, and otherwise keeps what it was given. */
    private static final class FlakyStore implements LedgerStore {
        private final MemoryLedgerStore kept = new MemoryLedgerStore(1000);
        private final List<LedgerRow> written = new ArrayList<>();
        private final List<Integer> batchSizes = new ArrayList<>();
        private boolean down;

        @Override
        public void write(List<LedgerRow> rows) {
            if (down) {
                throw new IllegalStateException("connection refused");
            }
            batchSizes.add(rows.size());
            written.addAll(rows);
            kept.write(rows);
        }

        @Override
        public BigDecimal spent(Payer payer, Instant from, Instant to) {
            return kept.spent(payer, from, to);
        }

        @Override
        public List<UsageLine> usage(GroupBy groupBy, Instant from, Instant to) {
            return kept.usage(groupBy, from, to);
        }
    }
}
