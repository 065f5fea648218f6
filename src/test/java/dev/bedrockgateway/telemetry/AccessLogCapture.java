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

/** Collects the access-log lines written during each test ({@code @RegisterExtension}). */
public final class AccessLogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        lines = new ListAppender<>();
        lines.start();
        accessLogger.addAppender(lines);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        accessLogger.detachAppender(lines);
    }

    /** The lines written so far in this test, oldest first. */
    public List<ILoggingEvent> lines() {
        return lines.list;
    }
}
