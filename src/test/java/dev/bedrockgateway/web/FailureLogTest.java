package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure log on a fake clock: one line per kind per interval, then one count of the rest. */
class FailureLogTest {

    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private FailureLog failures;

    @BeforeEach
    void logToAList() {
        Logger logger = new LoggerContext().getLogger("failures");
        logger.setLevel(Level.DEBUG);
        lines.start();
        logger.addAppender(lines);
        failures = new FailureLog(logger, INTERVAL, nanos::get);
    }

    @Test
    void logsTheFirstFailureOfAKindAndCountsTheRestOfTheInterval() {
        for (int i = 0; i < 7_300; i++) {
            failures.warn("upstream_error", "request {} failed", i);
        }
        assertThat(messages()).containsExactly("request 0 failed");

        advance(Duration.ofSeconds(10));
        failures.flush();

        assertThat(messages()).containsExactly("request 0 failed", "7299 more requests failed with upstream_error in"
                + " the last 10 s; not logged one by one (the access log has a line for each)");
    }

    @Test
    void keepsEachKindToItsOwnLine() {
        failures.warn("upstream_error", "a");
        failures.warn("throttled", "b");
        failures.warn("upstream_error", "c");
        failures.warn("throttled", "d");

        assertThat(messages()).containsExactly("a", "b");
    }

    @Test
    void logsAgainOnceTheIntervalIsOverAndCountsWhatCameBetween() {
        failures.warn("throttled", "first");
        advance(Duration.ofSeconds(4));
        failures.warn("throttled", "counted");
        failures.warn("throttled", "counted");
        advance(Duration.ofSeconds(6));
        failures.warn("throttled", "next");

        assertThat(messages()).containsExactly("first", "2 more requests failed with throttled in the last 10 s; not"
                + " logged one by one (the access log has a line for each)", "next");
    }

    @Test
    void writesNoCountForAnIntervalWithOneFailure() {
        failures.warn("throttled", "only");
        advance(Duration.ofMinutes(1));
        failures.flush();
        failures.warn("throttled", "later");

        assertThat(messages()).containsExactly("only", "later");
    }

    @Test
    void countsOneMoreFailureInTheSingular() {
        failures.warn("throttled", "first");
        failures.warn("throttled", "counted");
        advance(Duration.ofSeconds(12));
        failures.flush();

        assertThat(messages()).containsExactly("first", "1 more request failed with throttled in the last 12 s; not"
                + " logged one by one (the access log has a line for each)");
    }

    @Test
    void writesEveryCountWhenTheGatewayStops() {
        failures.warn("throttled", "first");
        failures.warn("throttled", "counted");
        advance(Duration.ofSeconds(3));
        failures.destroy();

        assertThat(messages()).containsExactly("first", "1 more request failed with throttled in the last 3 s; not"
                + " logged one by one (the access log has a line for each)");
    }

    @Test
    void flushWaitsForTheIntervalToEnd() {
        failures.warn("throttled", "first");
        failures.warn("throttled", "counted");
        advance(Duration.ofSeconds(9));
        failures.flush();

        assertThat(messages()).containsExactly("first");
    }

    @Test
    void logsAnUnexpectedFailureAsAnErrorWithItsStackTraceRateLimited() {
        IllegalStateException bug = new IllegalStateException("bug");
        failures.error("internal_error", bug, "request {} failed unexpectedly", "r1");
        failures.error("internal_error", bug, "request {} failed unexpectedly", "r2");

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.ERROR);
        assertThat(line.getFormattedMessage()).isEqualTo("request r1 failed unexpectedly");
        assertThat(line.getThrowableProxy().getMessage()).isEqualTo("bug");
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
