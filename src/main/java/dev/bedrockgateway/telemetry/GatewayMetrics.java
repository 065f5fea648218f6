package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.core.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Records what each request did. Tags stay bounded: catalog aliases, route names, outcomes and API names,
 * never user ids, prompts or caller-supplied identifiers. It takes plain values and its own records: the pipeline
 * translates what the dispatcher returned, so telemetry depends on no package that uses it.
 */
@Component
public class GatewayMetrics {

    /**
     * The overhead is sub-millisecond: without a lower bound, every request would land in the histogram's first
     * bucket (1 ms), and its percentiles would say nothing.
     */
    /**
     * The outcome tag of an answered request: the wire name of resilience's {@code Outcome.OK}, which telemetry does
     * not import (it sits below resilience); {@code TelemetryBoundaryTest} holds the two equal.
     */
    public static final String OK = "ok";

    private static final Duration OVERHEAD_MINIMUM = Duration.ofNanos(10_000);

    private final MeterRegistry registry;

    /**
     * Meters already registered, by name and tags. A request records up to eight meters; looking each one up through
     * its builder would rebuild and sort its tags and consult the registry every time.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request was answered whole (a generation or an embedding). */
    public void succeeded(AnsweredBy by, Usage usage, double costUsd, long upstreamNanos, long totalNanos) {
        String model = by.model().alias();
        answered(by, usage, costUsd);
        requestDuration(model, by.route(), OK).record(totalNanos, TimeUnit.NANOSECONDS);
        timer(List.of(MeterNames.UPSTREAM_DURATION, model), key -> Timer.builder(key.get(0))
                .description("Waiting on Bedrock, all attempts").tags("model", model).publishPercentileHistogram())
                .record(upstreamNanos, TimeUnit.NANOSECONDS);
        timer(List.of(MeterNames.OVERHEAD, by.api()), key -> Timer.builder(key.get(0))
                .description("Time spent in the gateway itself").tags("api", by.api()).publishPercentileHistogram()
                .minimumExpectedValue(OVERHEAD_MINIMUM))
                .record(Math.max(0, totalNanos - upstreamNanos), TimeUnit.NANOSECONDS);
        fallbacks(by.fallbacks());
        tries(by.tries());
    }

    /** A stream's first event reached the gateway: the wait the caller had before the first token, and any fallbacks. */
    public void streamStarted(AnsweredBy by, long firstTokenNanos) {
        String model = by.model().alias();
        timer(List.of(MeterNames.TIME_TO_FIRST_TOKEN, model), key -> Timer.builder(key.get(0))
                .description("Request arrival to the stream's first token").tags("model", model)
                .publishPercentileHistogram())
                .record(firstTokenNanos, TimeUnit.NANOSECONDS);
        fallbacks(by.fallbacks());
        tries(by.tries());
    }

    /** A stream reached its end event: counted as an answered request, with its tokens and cost. */
    public void streamEnded(AnsweredBy by, Usage usage, double costUsd) {
        answered(by, usage, costUsd);
    }

    /**
     * A stream its caller left: counted as a request with {@code outcome} here, where a stream that ended or failed
     * was counted at its end or error event.
     */
    public void streamCancelled(AnsweredBy by, String outcome) {
        requests(by.api(), by.model().alias(), by.model().provider(), by.route(), outcome).increment();
    }

    /**
     * A stream closed.
     *
     * @param outcome ok, failed (an error after the first token) or cancelled (the caller went away)
     */
    public void streamClosed(AnsweredBy by, String outcome, long durationNanos) {
        String model = by.model().alias();
        String route = by.route();
        timer(List.of(MeterNames.STREAM_DURATION, model, route, outcome),
                key -> Timer.builder(key.get(0)).description("Request arrival to the stream's last event")
                        .tags("model", model, "route", route, "outcome", outcome).publishPercentileHistogram())
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private void answered(AnsweredBy by, Usage usage, double costUsd) {
        String alias = by.model().alias();
        requests(by.api(), alias, by.model().provider(), by.route(), OK).increment();
        counter(List.of(MeterNames.TOKENS, alias, "input"), key -> Counter.builder(key.get(0))
                .tags("model", alias, "direction", "input")).increment(usage.inputTokens());
        counter(List.of(MeterNames.TOKENS, alias, "output"), key -> Counter.builder(key.get(0))
                .tags("model", alias, "direction", "output")).increment(usage.outputTokens());
        counter(List.of(MeterNames.COST, alias), key -> Counter.builder(key.get(0)).baseUnit("usd")
                .tags("model", alias)).increment(costUsd);
    }

    /**
     * A request that got no answer. The model and provider are those of the last model tried, or "none" when it
     * failed before any model was tried (a bad body, an unknown route).
     */
    public void failed(String api, String model, String provider, String route, String outcome, long totalNanos) {
        requests(api, model, provider, route, outcome).increment();
        requestDuration(model, route, outcome).record(totalNanos, TimeUnit.NANOSECONDS);
    }

    private Counter requests(String api, String model, String provider, String route, String outcome) {
        return counter(List.of(MeterNames.REQUESTS, api, model, provider, route, outcome), key -> Counter
                .builder(key.get(0)).description("Requests answered or refused")
                .tags("api", api, "model", model, "provider", provider, "route", route, "outcome", outcome));
    }

    private Timer requestDuration(String model, String route, String outcome) {
        return timer(List.of(MeterNames.REQUEST_DURATION, model, route, outcome), key -> Timer.builder(key.get(0))
                .description("Whole request, as the caller waits for it")
                .tags("model", model, "route", route, "outcome", outcome).publishPercentileHistogram());
    }

    /**
     * Each try of a request: which model, at which deployment, and how it ended. Answered requests count theirs with
     * the answer; a request that failed after trying counts them here.
     */
    public void tries(List<Try> tries) {
        for (Try attempt : tries) {
            counter(List.of(MeterNames.ATTEMPTS, attempt.model(), attempt.deployment(), attempt.outcome()),
                    key -> Counter.builder(key.get(0)).description("Tries of a model at one of its deployments")
                            .tags("model", key.get(1), "deployment", key.get(2), "outcome", key.get(3))).increment();
        }
    }

    /** A request refused by a rate limit: its team (from the key store, so bounded) and which limit it reached. */
    public void limitRejected(String team, String limit) {
        counter(List.of(MeterNames.LIMIT_REJECTIONS, team, limit), key -> Counter.builder(key.get(0))
                .description("Requests refused by a rate limit").tags("team", key.get(1), "limit", key.get(2)))
                .increment();
    }

    /** Each move from one model to another; a move between two deployments of one model shows in the tries. */
    private void fallbacks(List<Fallback> fallbacks) {
        for (Fallback fallback : fallbacks) {
            counter(List.of(MeterNames.FALLBACKS, fallback.from(), fallback.to(), fallback.reason()),
                    key -> Counter.builder(key.get(0))
                            .tags("from", key.get(1), "to", key.get(2), "reason", key.get(3))).increment();
        }
    }

    /** The counter registered under {@code key} (the meter's name and tag values), built on first use. */
    private Counter counter(List<String> key, Function<List<String>, Counter.Builder> builder) {
        return counters.computeIfAbsent(key, name -> builder.apply(name).register(registry));
    }

    private Timer timer(List<String> key, Function<List<String>, Timer.Builder> builder) {
        return timers.computeIfAbsent(key, name -> builder.apply(name).register(registry));
    }
}
