package dev.bedrockgateway.resilience;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every model's guards, one bundle per catalog alias, built from the route table's complete guard settings and
 * published to Micrometer through Resilience4j's own meters (breaker state and calls, retries, bulkhead, time
 * limiter). A reload keeps the bundles of models served alike and drops the others, rebuilt on next use.
 */
public class ModelGuards {

    /** Back-off grows by this factor per retry. */
    private static final double BACKOFF_MULTIPLIER = 2.0;

    /** Each wait is randomised by ±50% so clients throttled together do not retry together. */
    private static final double JITTER = 0.5;

    /** The settings guards are built from; swapped whole on a reload. */
    private volatile Settings settings;
    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final Map<String, ModelGuard> guards = new ConcurrentHashMap<>();
    private final Clock clock;
    private final MeterRegistry meters;

    /**
     * @param defaults the settings of a model not in {@code byAlias}, complete
     * @param byAlias  each catalog model's settings, complete (checked when the route table was compiled)
     */
    public ModelGuards(GuardSettings defaults, Map<String, GuardSettings> byAlias, MeterRegistry meters,
                       Clock clock) {
        this.settings = new Settings(defaults, Map.copyOf(byAlias));
        this.clock = clock;
        this.meters = meters;
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
        byAlias.keySet().forEach(this::forModel);
    }

    private record Settings(GuardSettings defaults, Map<String, GuardSettings> byAlias) {
        GuardSettings of(String alias) {
            return byAlias.getOrDefault(alias, defaults);
        }
    }

    /**
     * Takes new settings after a reload. The guards of the models in {@code keep} carry on as they are (breaker
     * state, bulkhead permits in use); every other model's guards are dropped, to be built from the new settings on
     * their next use. A call already running on a dropped guard finishes on it.
     */
    public void replace(GuardSettings defaults, Map<String, GuardSettings> byAlias, Set<String> keep) {
        settings = new Settings(defaults, Map.copyOf(byAlias));
        for (String alias : Set.copyOf(guards.keySet())) {
            if (!keep.contains(alias)) {
                guards.remove(alias);
                // The registries hand back an existing entry whatever the config asked for, so drop them too.
                breakers.remove(alias);
                bulkheads.remove(alias);
                timeLimiters.remove(alias);
                retries.remove(alias);
            }
        }
    }

    /** The guards of the model with this alias, built on first use from its settings. */
    public ModelGuard forModel(String alias) {
        return guards.computeIfAbsent(alias, this::build);
    }

    private ModelGuard build(String alias) {
        GuardSettings own = settings.of(alias);
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
