package dev.bedrockgateway.telemetry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bedrockgateway.pipeline.AccessLog;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Collects every log line written during each test, from any logger ({@code @RegisterExtension}). */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    /** The failure log's count of an earlier test's failures, which its timer may write during any test. */
    private static final String EARLIER_COUNT = "not logged one by one";

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root.detachAppender(lines);
    }

    /** The lines written so far in this test, oldest first, leaving out counts of earlier tests' failures. */
    public List<ILoggingEvent> lines() {
        return List.copyOf(lines.list).stream()
                .filter(line -> !line.getFormattedMessage().contains(EARLIER_COUNT))
                .toList();
    }

    /** The lines so far that are not access-log lines. */
    public List<ILoggingEvent> otherThanAccessLog() {
        return lines().stream().filter(line -> !line.getLoggerName().equals(AccessLog.LOGGER)).toList();
    }

    /** The access-log lines so far. */
    public List<ILoggingEvent> accessLog() {
        return lines().stream().filter(line -> line.getLoggerName().equals(AccessLog.LOGGER)).toList();
    }
}
