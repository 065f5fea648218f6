package dev.bedrockgateway.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Where ledger rows end up: PostgreSQL, or memory when none is configured. Methods may block (a database): the
 * {@link Ledger}'s writer and the usage queries call them off the event loop.
 */
public interface LedgerStore {

    /**
     * Writes every row of the batch, or fails and writes none; writing a row that is already there (a batch retried
     * after an unknown outcome) leaves it as it is.
     */
    void write(List<LedgerRow> rows);

    /** The cost of the rows of one key or team whose time is in [from, to). */
    BigDecimal spent(Payer payer, Instant from, Instant to);

    /** Rows whose time is in [from, to), summed per group, in the group's order. */
    List<UsageLine> usage(GroupBy groupBy, Instant from, Instant to);
}
