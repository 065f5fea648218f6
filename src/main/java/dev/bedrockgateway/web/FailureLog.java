package dev.bedrockgateway.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * The log lines of failed requests beyond the access log, rate-limited: at most one line per kind of failure per
 * interval, and for each interval in which more failed, one line with their count. Each failure is already one
 * access-log line; this log says what the access log cannot (a stack trace, a stream's failure) without letting a
 * throttling storm write thousands of lines a second.
 */
@Component
public class FailureLog implements DisposableBean {

    /** Long enough that a storm writes a few lines a minute per kind; short enough that a count is timely. */
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);
    private static final double NANOS_PER_SECOND = 1e9;

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Disposable flusher;

    /** The gateway's own: the system clock, and counts written every interval even when the failures stop. */
    public FailureLog() {
        this(log, INTERVAL, System::nanoTime, true);
    }

    private FailureLog(Logger logger, Duration interval, LongSupplier nanoClock, boolean flushOnTimer) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.flusher = flushOnTimer ? Schedulers.parallel().schedulePeriodically(this::flush, intervalNanos,
                intervalNanos, TimeUnit.NANOSECONDS) : null;
    }

    /** One whose counts are written only when {@link #flush()} is called or the kind fails again: for tests. */
    FailureLog(Logger logger, Duration interval, LongSupplier nanoClock) {
        this(logger, interval, nanoClock, false);
    }

    /** Logs a failure as a WARN line unless one of the same kind was logged in this interval, then only counts it. */
    public void warn(String kind, String format, Object... arguments) {
        if (admit(kind)) {
            logger.warn(format, arguments);
        }
    }

    /**
     * Logs an unexpected failure as an ERROR line with its stack trace, rate-limited like {@link #warn}.
     *
     * @param error the failure whose stack trace is written
     */
    public void error(String kind, Throwable error, String format, Object... arguments) {
        if (admit(kind)) {
            Object[] withError = Arrays.copyOf(arguments, arguments.length + 1);
            withError[arguments.length] = error;
            logger.error(format, withError);
        }
    }

    /** Writes the count of every kind whose interval is over and that failed more than was logged. */
    public void flush() {
        flush(false);
    }

    /** @param all also the kinds whose interval is still running (when the gateway stops) */
    private void flush(boolean all) {
        long now = nanoClock.getAsLong();
        windows.forEach((kind, window) -> {
            long missed;
            long elapsed;
            synchronized (window) {
                if (!window.open || (!all && now - window.start < intervalNanos)) {
                    return;
                }
                missed = window.suppressed;
                elapsed = now - window.start;
                window.open = false;
                window.suppressed = 0;
            }
            summary(kind, missed, elapsed);
        });
    }

    private boolean admit(String kind) {
        long now = nanoClock.getAsLong();
        Window window = windows.computeIfAbsent(kind, ignored -> new Window());
        long missed;
        long elapsed;
        synchronized (window) {
            if (window.open && now - window.start < intervalNanos) {
                window.suppressed++;
                return false;
            }
            missed = window.open ? window.suppressed : 0;
            elapsed = now - window.start;
            window.open = true;
            window.start = now;
            window.suppressed = 0;
        }
        summary(kind, missed, elapsed);
        return true;
    }

    private void summary(String kind, long missed, long elapsedNanos) {
        if (missed > 0) {
            logger.warn("{} more {} failed with {} in the last {} s; not logged one by one (the access log has a"
                    + " line for each)", missed, missed == 1 ? "request" : "requests", kind,
                    Math.max(1, Math.round(elapsedNanos / NANOS_PER_SECOND)));
        }
    }

    @Override
    public void destroy() {
        if (flusher != null) {
            flusher.dispose();
        }
        flush(true);
    }

    /** One kind's interval: when its logged line was written, and how many failures were only counted since. */
    private static final class Window {
        private boolean open;
        private long start;
        private long suppressed;
    }
}
