package dev.bedrockgateway.routing;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.Resource;

/**
 * Polls the configuration file and reloads when its content's hash changes. Polling, not a file-system watch: it sees
 * a file replaced by a rename (editors, Kubernetes ConfigMaps) and works on every file system. The file inside the
 * jar never changes, so it is not watched.
 */
public class ConfigFileWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigFileWatch.class);

    private final RouteTableReload reload;
    private final Resource file;
    private final Duration interval;
    private ScheduledExecutorService poller;

    public ConfigFileWatch(RouteTableReload reload, Resource file, Duration interval) {
        this.reload = reload;
        this.file = file;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || !file.isFile()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "config-file-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            reload.reloadIfChanged();
        } catch (RuntimeException e) {
            // A file that is gone or unreadable for a moment (mid-rename) is read again at the next tick.
            log.warn("Configuration file {} could not be checked: {}", file.getDescription(), e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }
}
