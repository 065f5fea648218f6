package dev.bedrockgateway.web;

import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of stopping (SIGTERM closes the Spring context): the gateway reports itself not ready, keeps serving
 * while closing each connection after its answer ({@link ConnectionDrain}) for {@code gateway.shutdown.drain-wait}, and
 * only then lets Spring's graceful shutdown stop accepting connections and wait for the requests in flight.
 *
 * <p>Lifecycles stop from the highest phase down, so this one, above the web server's graceful shutdown, ends before
 * that one begins.
 */
@Component
public class ShutdownDrain implements SmartLifecycle {

    /** Stops just before the web server's graceful shutdown (which is below {@link #DEFAULT_PHASE}, as this is). */
    static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

    private final ConnectionDrain connections;
    private final ApplicationEventPublisher events;
    private final Duration drainWait;
    private volatile boolean running;

    public ShutdownDrain(ConnectionDrain connections, ApplicationEventPublisher events, ShutdownSettings settings,
                         @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
        // Spring stops waiting for a phase after its time-out and moves on to the next one: a longer drain would be
        // cut short and the graceful shutdown would begin while this phase is still counted as running.
        if (settings.drainWait().compareTo(phaseTimeout) >= 0) {
            throw new InvalidConfigurationException("gateway.shutdown.drain-wait", settings.drainWait(),
                    "must be shorter than spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout + ")");
        }
        this.connections = connections;
        this.events = events;
        this.drainWait = settings.drainWait();
    }

    @Override
    public void start() {
        if (connections.draining()) {
            // Stopped, then started again (an explicit stop() and start(); Spring's test context cache pauses an
            // unused context that way): serve again, or every later answer would close its connection.
            connections.end();
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        running = true;
    }

    @Override
    public void stop() {
        // only an explicit context.stop() comes here; closing the context goes through stop(Runnable)
        stop(() -> { });
    }

    @Override
    public void stop(Runnable callback) {
        running = false;
        connections.begin();
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        LOG.info("Draining for {} ms before the graceful shutdown: readiness is REFUSING_TRAFFIC, every answer closes "
                + "its connection, HTTP/2 connections were sent GOAWAY", drainWait.toMillis());
        CompletableFuture.delayedExecutor(drainWait.toMillis(), TimeUnit.MILLISECONDS).execute(callback);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
