package dev.bedrockgateway.resilience;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.InvalidConfigurationException;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every model's guards, one bundle per catalog alias, built from {@code gateway.resilience} and published to
 * Micrometer through Resilience4j's own meters (breaker state and calls, retries, bulkhead, time limiter).
 */
public class ModelGuards {

    /** Back-off grows by this factor per retry. */
    private static final double BACKOFF_MULTIPLIER = 2.0;

    /** Each wait is randomised by ±50% so clients throttled together do not retry together. */
    private static final double JITTER = 0.5;

    private final GatewayProperties.Resilience settings;
    private final GuardSettings defaults;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final Map<String, ModelGuard> guards = new ConcurrentHashMap<>();
    private final Clock clock;
    private final MeterRegistry meters;

    public ModelGuards(GatewayProperties.Resilience settings, ModelCatalog catalog, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.defaults = settings.defaults().over(GuardSettings.BUILT_IN);
        defaults.check("gateway.resilience.defaults.");
        settings.models().forEach((alias, own) -> {
            String prefix = "gateway.resilience.models." + alias + ".";
            if (catalog.byAlias(alias) == null) {
                throw new InvalidConfigurationException("gateway.resilience.models." + alias, "{...}",
                        "no model with that alias in gateway.models (known: " + catalog.aliases() + ")");
            }
            own.over(defaults).check(prefix);
        });
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        catalog.models().forEach(model -> forModel(model.alias()));
    }

    /** The guards of the model with this alias, built on first use from its settings. */
    public ModelGuard forModel(String alias) {
        return guards.computeIfAbsent(alias, this::build);
    }

    private ModelGuard build(String alias) {
        GuardSettings own = settings.models().getOrDefault(alias, GuardSettings.NONE).over(defaults);
        CircuitBreakerConfig breaker = CircuitBreakerConfig.custom()
                .failureRateThreshold(own.failureRateThreshold())
                .slowCallRateThreshold(own.slowCallRateThreshold())
                .slowCallDurationThreshold(own.slowCallDuration())
                .slidingWindowSize(own.slidingWindowSize())
                .minimumNumberOfCalls(own.minimumCalls())
                .waitDurationInOpenState(own.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(own.halfOpenCalls())
                .ignoreException(ErrorPolicy::breakerIgnores)
                .build();
        RetryConfig retry = RetryConfig.custom()
                .maxAttempts(own.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(own.retryBackoff(), BACKOFF_MULTIPLIER,
                        JITTER, own.retryMaxBackoff()))
                .retryOnException(ErrorPolicy::retries)
                .failAfterMaxAttempts(false)
                .build();
        return new ModelGuard(alias,
                breakers.circuitBreaker(alias, breaker),
                // The bulkhead's own wait would block the event loop; QueuedBulkhead waits without a thread.
                bulkheads.bulkhead(alias, BulkheadConfig.custom().maxConcurrentCalls(own.maxConcurrentCalls())
                        .maxWaitDuration(Duration.ZERO).build()),
                own.bulkheadWait(),
                timeLimiters.timeLimiter(alias, TimeLimiterConfig.custom().timeoutDuration(own.timeLimit())
                        .cancelRunningFuture(true).build()),
                retries.retry(alias, retry),
                own.waitInOpen(), own.firstChunkTimeLimit(), clock, meters);
    }
}
