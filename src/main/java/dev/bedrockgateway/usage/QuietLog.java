package dev.bedrockgateway.usage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line at most once per interval, saying how many were held back since the last: a database or Redis outage
 * fails every request's write, and must not write a line for each (the style of web's FailureLog).
 */
public final class QuietLog {

    /** Long enough that an outage writes a few lines a minute; short enough that a count is timely. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final Logger logger;
    private final AtomicLong lastWritten = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong heldBack = new AtomicLong();

    public QuietLog(Logger logger) {
        this.logger = logger;
    }

    /** Writes the line unless one was written in this interval; the next line written says how many were not. */
    public void warn(String format, Object... arguments) {
        long now = System.nanoTime();
        long last = lastWritten.get();
        boolean due = (last == Long.MIN_VALUE || now - last >= INTERVAL.toNanos())
                && lastWritten.compareAndSet(last, now);
        if (!due) {
            heldBack.incrementAndGet();
            return;
        }
        long skipped = heldBack.getAndSet(0);
        logger.warn(skipped == 0 ? format : format + " (" + skipped + " more like it in the last "
                + INTERVAL.toSeconds() + " s)", arguments);
    }
}
