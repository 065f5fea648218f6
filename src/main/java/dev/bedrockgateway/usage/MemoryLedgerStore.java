package dev.bedrockgateway.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ledger when no PostgreSQL is configured: the newest {@code capacity} rows in memory, for one replica and until
 * it stops, so that budgets and the usage API still work from source.
 */
final class MemoryLedgerStore implements LedgerStore {

    private final int capacity;
    private final ArrayDeque<LedgerRow> rows = new ArrayDeque<>();
    private final Set<UUID> ids = new HashSet<>();

    MemoryLedgerStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void write(List<LedgerRow> batch) {
        for (LedgerRow row : batch) {
            if (!ids.add(row.id())) {
                continue;
            }
            rows.addLast(row);
            if (rows.size() > capacity) {
                ids.remove(rows.removeFirst().id());
            }
        }
    }

    @Override
    public synchronized BigDecimal spent(Payer payer, Instant from, Instant to) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LedgerRow row : rows) {
            if (payer.paid(row) && within(row, from, to)) {
                sum = sum.add(row.costUsd());
            }
        }
        return sum;
    }

    @Override
    public synchronized List<UsageLine> usage(GroupBy groupBy, Instant from, Instant to) {
        Map<String, UsageLine> groups = new TreeMap<>();
        for (LedgerRow row : rows) {
            if (within(row, from, to)) {
                groups.merge(groupBy.of(row), new UsageLine(groupBy.of(row), 1, row.inputTokens(),
                        row.outputTokens(), row.costUsd()), MemoryLedgerStore::sum);
            }
        }
        return new ArrayList<>(groups.values());
    }

    private static boolean within(LedgerRow row, Instant from, Instant to) {
        return !row.at().isBefore(from) && row.at().isBefore(to);
    }

    private static UsageLine sum(UsageLine a, UsageLine b) {
        return new UsageLine(a.group(), a.requests() + b.requests(), a.inputTokens() + b.inputTokens(),
                a.outputTokens() + b.outputTokens(), a.costUsd().add(b.costUsd()));
    }
}
