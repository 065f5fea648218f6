package dev.bedrockgateway.warmup;

import dev.bedrockgateway.access.KeyAuthenticator;
import dev.bedrockgateway.pipeline.AccessLog;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Backend;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sends the common requests to the gateway's own HTTP port before it reports itself ready, so the JIT has compiled
 * the request path before a load balancer sends traffic: a fresh JVM under saturating load otherwise competes with
 * its own compiler for the cores and answers slowly for its first minute (bench/warmup.sh, README "Operate").
 *
 * <p>Spring Boot publishes readiness ({@code ACCEPTING_TRAFFIC}) only once every {@link ApplicationRunner} has
 * returned; until then {@code /actuator/health/readiness} answers 503 while the port is open and liveness is up.
 * So this runner blocks, bounded by {@code gateway.warmup.duration} plus one answer's time limit. With real Bedrock
 * it sends by default only requests the gateway answers itself ({@link WarmupSettings.ModelCalls}): no call is billed.
 */
@Component
public class RequestPathWarmup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RequestPathWarmup.class);

    /** Concurrent senders per core: enough to keep the event loops busy, as traffic would, without a queue. */
    private static final int SENDERS_PER_CORE = 8;

    /** Failures kept for the log and the result: the first few say what is wrong, more say nothing new. */
    private static final int UNEXPECTED_KEPT = 5;

    private final WarmupSettings settings;
    private final GatewayProperties gateway;
    private final Environment environment;
    private final LoggingSystem logging;
    private final ApplicationEventPublisher events;
    /** With keys on, the process's own key (it never leaves the process), so the warm-up is let in; else null. */
    private final String apiKey;
    private volatile WarmupResult result;

    public RequestPathWarmup(WarmupSettings settings, GatewayProperties gateway, Environment environment,
                             LoggingSystem logging, ApplicationEventPublisher events, KeyAuthenticator keys) {
        this.apiKey = keys.required() ? keys.processKey() : null;
        this.settings = settings;
        this.gateway = gateway;
        this.environment = environment;
        this.logging = logging;
        this.events = events;
    }

    /** The last warm-up's result, or null when none has run. */
    public WarmupResult result() {
        return result;
    }

    @Override
    public void run(ApplicationArguments args) {
        String port = environment.getProperty("local.server.port");
        if (!settings.enabled() || port == null) {
            return;
        }
        if (environment.getProperty("server.ssl.enabled", Boolean.class, false)) {
            log.info("Warm-up skipped: the server speaks TLS, which the warm-up's client would have to trust");
            return;
        }
        List<WarmupCall> calls = calls();
        URI target = URI.create("http://" + loopbackOrBound() + ":" + port);
        result = withAccessLogQuiet(() -> warmUp(target, calls));
        if (result.failed() > 0) {
            log.warn("Warm-up: {} of {} requests did not get their expected status, first: {}",
                    result.failed(), result.requests(), result.unexpected());
        }
        log.info("Warm-up: {} requests ({} model calls) in {} ms; ready for traffic", result.requests(),
                result.modelCalls(), result.took().toMillis());
        events.publishEvent(result);
    }

    private List<WarmupCall> calls() {
        boolean modelCalls = switch (settings.modelCalls()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> gateway.backend() == Backend.EMULATOR;
        };
        return WarmupCall.COMMON.stream().filter(call -> modelCalls || !call.callsModel()).toList();
    }

    /** The server's own address when it is bound to one, else loopback. */
    private String loopbackOrBound() {
        String address = environment.getProperty("server.address");
        if (address == null || address.isBlank() || "0.0.0.0".equals(address) || "::".equals(address)) {
            return "127.0.0.1";
        }
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /** One round of every call in turn (so each is seen once, in order), then all senders until the deadline. */
    private WarmupResult warmUp(URI target, List<WarmupCall> calls) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(WarmupCall.ANSWER_TIME_LIMIT).build();
        long started = System.nanoTime();
        long deadline = started + settings.duration().toNanos();
        Tally tally = new Tally(apiKey);
        calls.forEach(call -> tally.send(call, http, target));
        List<Thread> senders = new ArrayList<>();
        int count = SENDERS_PER_CORE * Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            int first = i;
            Thread sender = new Thread(() -> {
                for (int next = first; System.nanoTime() < deadline; next++) {
                    tally.send(calls.get(next % calls.size()), http, target);
                }
            }, "gateway-warmup-" + i);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new WarmupResult(target, tally.requests.get(), tally.modelCalls.get(), tally.failed.get(), tally.unexpected(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Thousands of warm-up requests would fill the access log with lines about no user's request: its logger is
     * raised to WARN while they run, then set back.
     */
    private WarmupResult withAccessLogQuiet(Supplier<WarmupResult> warmUp) {
        LoggerConfiguration before = logging.getLoggerConfiguration(AccessLog.LOGGER);
        LogLevel configured = before == null ? null : before.getConfiguredLevel();
        logging.setLogLevel(AccessLog.LOGGER, LogLevel.WARN);
        try {
            return warmUp.get();
        } finally {
            logging.setLogLevel(AccessLog.LOGGER, configured);
        }
    }

    /** Counts shared by the senders. */
    private static final class Tally {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger modelCalls = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        private final List<String> unexpected = new ArrayList<>();
        private final String apiKey;

        Tally(String apiKey) {
            this.apiKey = apiKey;
        }

        void send(WarmupCall call, HttpClient http, URI target) {
            String problem = call.send(http, target, apiKey);
            requests.incrementAndGet();
            if (call.callsModel()) {
                modelCalls.incrementAndGet();
            }
            if (problem != null) {
                failed.incrementAndGet();
                synchronized (unexpected) {
                    if (unexpected.size() < UNEXPECTED_KEPT) {
                        unexpected.add(problem);
                    }
                }
            }
        }

        List<String> unexpected() {
            synchronized (unexpected) {
                return List.copyOf(unexpected);
            }
        }
    }
}
