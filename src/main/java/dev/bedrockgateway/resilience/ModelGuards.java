package dev.bedrockgateway.resilience;

import dev.bedrockgateway.catalog.Deployment;
import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
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
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every deployment's guards, one bundle per deployment of each catalog model, built from the route table's complete
 * guard settings (a model's settings apply to each of its deployments) and published to Micrometer through
 * Resilience4j's own meters (breaker state and calls, retries, bulkhead, time limiter). A bundle is named
 * {@code alias@deployment}, except the one of a model that lists no deployments, which keeps the plain alias; every
 * meter carries the {@code model} and {@code deployment} tags ({@code default} for the gateway's own client), bounded
 * by the configured names. A reload keeps the bundles of models served alike and drops the others, rebuilt on next
 * use.
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
    }

    /** Builds every deployment's guards now, so their meters show before the first call. */
    public void prepare(ModelCatalog catalog) {
        catalog.models().forEach(this::forDeployments);
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
        for (String name : Set.copyOf(guards.keySet())) {
            int at = name.indexOf('@');
            if (!keep.contains(at < 0 ? name : name.substring(0, at))) {
                guards.remove(name);
                // The registries hand back an existing entry whatever the config asked for, so drop them too.
                breakers.remove(name);
                bulkheads.remove(name);
                timeLimiters.remove(name);
                retries.remove(name);
            }
        }
    }

    /** The guards of the model with this alias when it lists no deployments, built on first use from its settings. */
    public ModelGuard forModel(String alias) {
        return guards.computeIfAbsent(alias, name -> build(alias, Deployment.DEFAULT.name(), name));
    }

    /** The guards of one deployment of a model, built on first use from the model's settings. */
    public ModelGuard forDeployment(ModelSpec model, Deployment deployment) {
        String name = name(model.alias(), deployment);
        ModelGuard known = guards.get(name);
        return known != null ? known
                : guards.computeIfAbsent(name, key -> build(model.alias(), deployment.name(), key));
    }

    /** The guards of each of a model's deployments, in the catalog's order. */
    public List<ModelGuard> forDeployments(ModelSpec model) {
        return model.deployments().stream().map(deployment -> forDeployment(model, deployment)).toList();
    }

    /**
     * The circuit state of a model as a whole: that of its one deployment, else the best of its deployments' (closed
     * while any deployment is closed; open only when every one is).
     */
    public String circuitState(ModelSpec model) {
        List<ModelGuard> all = forDeployments(model);
        if (all.size() == 1) {
            return all.get(0).circuitState();
        }
        for (String state : List.of("closed", "half_open")) {
            if (all.stream().anyMatch(guard -> guard.circuitState().equals(state))) {
                return state;
            }
        }
        return all.get(0).circuitState();
    }

    /** The guards' name: the plain alias for the gateway's own deployment of a model, else {@code alias@deployment}. */
    static String name(String alias, Deployment deployment) {
        return Deployment.DEFAULT.equals(deployment) ? alias : alias + "@" + deployment.name();
    }

    private ModelGuard build(String alias, String deployment, String name) {
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
        Map<String, String> tags = Map.of("model", alias, "deployment", deployment);
        return new ModelGuard(name, Tags.of("model", alias, "deployment", deployment),
                breakers.circuitBreaker(name, breaker, tags),
                // The bulkhead's own wait would block the event loop; QueuedBulkhead waits without a thread.
                bulkheads.bulkhead(name, BulkheadConfig.custom().maxConcurrentCalls(own.maxConcurrentCalls())
                        .maxWaitDuration(Duration.ZERO).build(), tags),
                own.bulkheadWait(),
                timeLimiters.timeLimiter(name, TimeLimiterConfig.custom().timeoutDuration(own.timeLimit())
                        .cancelRunningFuture(true).build(), tags),
                retries.retry(name, retry, tags),
                own.waitInOpen(), own.firstChunkTimeLimit(), clock, meters);
    }
}
