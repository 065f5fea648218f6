package dev.bedrockgateway.usage;

import io.micrometer.core.instrument.Counter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spend ledger, written behind the requests: {@link #record} only puts a row in a bounded buffer, and one writer
 * thread of its own writes the buffer to the {@link LedgerStore} in batches, so a slow or unreachable database never
 * slows or fails a request. A batch that fails stays at the head of the buffer and is tried again on the next round,
 * so after an outage the buffer drains and no row it held is lost. When the buffer is full, a new row is dropped,
 * counted ({@code gateway_ledger_dropped_rows_total}) and logged, a line at most every few seconds.
 */
public final class Ledger implements AutoCloseable {

    /** How long closing waits for a write under way. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private final LedgerStore store;
    private final int capacity;
    private final int batchRows;
    private final Counter droppedRows;
    /** The rows not yet written, oldest first; the writer removes a batch only once it is written. */
    private final ArrayDeque<LedgerRow> rows = new ArrayDeque<>();
    private final ScheduledExecutorService writer;
    /**
     * Held to read (store and buffer together) in {@link #spent}, and to write a batch and take it out of the buffer,
     * so that a batch being written is counted once: never in the store and still in the buffer, nor in neither. Only
     * threads off the event loop take it; {@link #record} does not.
     */
    private final ReadWriteLock consistent = new ReentrantReadWriteLock();
    private final QuietLog dropLog = new QuietLog(log);
    private final QuietLog failureLog = new QuietLog(log);

    /**
     * A ledger whose writer writes every {@code flushInterval} (and at once when closed).
     *
     * @param capacity  most rows held unwritten; beyond it new rows are dropped
     * @param batchRows most rows written in one statement batch
     */
    public static Ledger started(LedgerStore store, int capacity, int batchRows, Duration flushInterval,
                                 Counter droppedRows) {
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gateway-ledger-writer");
            thread.setDaemon(true);
            return thread;
        });
        Ledger ledger = new Ledger(store, capacity, batchRows, droppedRows, writer);
        long nanos = flushInterval.toNanos();
        writer.scheduleWithFixedDelay(ledger::flushOrSay, nanos, nanos, TimeUnit.NANOSECONDS);
        return ledger;
    }

    /** A ledger written only when {@link #flush} is called: for tests of the buffer. */
    static Ledger unscheduled(LedgerStore store, int capacity, int batchRows, Counter droppedRows) {
        return new Ledger(store, capacity, batchRows, droppedRows, null);
    }

    private Ledger(LedgerStore store, int capacity, int batchRows, Counter droppedRows,
                   ScheduledExecutorService writer) {
        if (capacity < 1 || batchRows < 1) {
            throw new IllegalArgumentException("the ledger's buffer and batch need at least one row");
        }
        this.store = store;
        this.capacity = capacity;
        this.batchRows = batchRows;
        this.droppedRows = droppedRows;
        this.writer = writer;
    }

    /** The store the rows end up in, for the usage queries. */
    public LedgerStore store() {
        return store;
    }

    /**
     * Puts a row in the buffer; never blocks beyond a short lock, never fails.
     *
     * @return false when the buffer was full and the row was dropped
     */
    public boolean record(LedgerRow row) {
        synchronized (rows) {
            if (rows.size() < capacity) {
                rows.addLast(row);
                return true;
            }
        }
        dropped();
        return false;
    }

    /** Rows waiting to be written. */
    public int pending() {
        synchronized (rows) {
            return rows.size();
        }
    }

    /**
     * What one payer spent in [from, now) by the rows written and those still waiting in this replica's buffer: the
     * whole of it as far as this replica knows, even while the database is behind or down.
     */
    public BigDecimal spent(Payer payer, Instant from, Instant to) {
        consistent.readLock().lock();
        try {
            return store.spent(payer, from, to).add(pendingSpend(payer, from, to));
        } finally {
            consistent.readLock().unlock();
        }
    }

    private BigDecimal pendingSpend(Payer payer, Instant from, Instant to) {
        BigDecimal sum = BigDecimal.ZERO;
        synchronized (rows) {
            for (LedgerRow row : rows) {
                if (payer.paid(row) && !row.at().isBefore(from) && row.at().isBefore(to)) {
                    sum = sum.add(row.costUsd());
                }
            }
        }
        return sum;
    }

    /**
     * Writes the buffer batch by batch until it is empty or a batch fails; a failed batch stays where it is, to be
     * tried again on the next call. Called by the writer thread only (and by tests).
     */
    void flush() {
        while (true) {
            List<LedgerRow> batch = head();
            if (batch.isEmpty()) {
                return;
            }
            consistent.writeLock().lock();
            try {
                store.write(batch);
                removeHead(batch.size());
            } catch (RuntimeException | AssertionError failed) {
                // pgjdbc 42.7 throws an AssertionError ("getAutoCommit() should not throw") from a batch whose
                // connection was cut mid-way: seen in LedgerHttpTest's outage. It is a failed write like any other.
                writeFailed(failed);
                return;
            } finally {
                consistent.writeLock().unlock();
            }
        }
    }

    /** A scheduled task that throws is never run again: whatever goes wrong, the writer goes on. */
    private void flushOrSay() {
        try {
            flush();
        } catch (Throwable unexpected) {
            log.error("The ledger's writer failed unexpectedly; it tries again", unexpected);
        }
    }

    private List<LedgerRow> head() {
        synchronized (rows) {
            List<LedgerRow> batch = new ArrayList<>(Math.min(batchRows, rows.size()));
            for (LedgerRow row : rows) {
                if (batch.size() == batchRows) {
                    break;
                }
                batch.add(row);
            }
            return batch;
        }
    }

    /** Only the writer removes rows, so the head is still the batch it wrote. */
    private void removeHead(int count) {
        synchronized (rows) {
            for (int i = 0; i < count; i++) {
                rows.removeFirst();
            }
        }
    }

    private void dropped() {
        droppedRows.increment();
        dropLog.warn("The ledger's buffer is full ({} rows unwritten; gateway.ledger.buffer-rows): a request's row "
                + "was dropped. Is PostgreSQL down or too slow?", capacity);
    }

    private void writeFailed(Throwable failed) {
        failureLog.warn("Writing the ledger failed; {} rows wait in its buffer and the batch is tried again: {}",
                pending(), failed.toString());
    }

    /**
     * Stops the writer, then writes what is left once (rows a down database still refuses are lost, and said so), then
     * closes the store's connections.
     */
    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.shutdown();
            try {
                writer.awaitTermination(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
        int left = pending();
        if (left > 0) {
            log.warn("The gateway stops with {} ledger rows it could not write", left);
        }
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
