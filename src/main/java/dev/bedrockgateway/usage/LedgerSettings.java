package dev.bedrockgateway.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.ledger.*}: the buffer the spend ledger is written from, behind the requests.
 *
 * @param bufferRows    most rows waiting to be written; while the database is down this many are kept, and more are
 *                      dropped (counted and logged). Ten thousand rows are a few megabytes, and a few minutes of an
 *                      outage at tens of requests a second
 * @param batchRows     most rows written in one batch
 * @param flushInterval how often the writer writes what waits (and tries a failed batch again)
 * @param memoryRows    without PostgreSQL: how many of the newest rows the in-memory ledger keeps
 */
@ConfigurationProperties("gateway.ledger")
public record LedgerSettings(@DefaultValue("10000") int bufferRows, @DefaultValue("500") int batchRows,
                             @DefaultValue("1s") Duration flushInterval, @DefaultValue("100000") int memoryRows) {

    public LedgerSettings {
        positive("gateway.ledger.buffer-rows", bufferRows);
        positive("gateway.ledger.batch-rows", batchRows);
        positive("gateway.ledger.memory-rows", memoryRows);
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("gateway.ledger.flush-interval must be above 0, but is "
                    + flushInterval);
        }
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, but is " + value);
        }
    }
}
