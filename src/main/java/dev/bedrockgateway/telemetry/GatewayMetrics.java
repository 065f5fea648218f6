package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.resilience.Outcome;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.EmbeddingDispatch;
import dev.bedrockgateway.dispatch.StreamDispatch;
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
 * never user ids, prompts or caller-supplied identifiers.
 */
@Component
public class GatewayMetrics {

    /**
     * The overhead is sub-millisecond: without a lower bound, every request would land in the histogram's first
     * bucket (1 ms), and its percentiles would say nothing.
     */
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

    public void succeeded(String api, Dispatch dispatch, double costUsd, long totalNanos) {
        answered(api, dispatch.model(), dispatch.decision().route(), dispatch.result().usage(), costUsd,
                dispatch.attempts(), dispatch.upstreamNanos(), totalNanos);
    }

    /** An embedding request was answered: counted with the same meters and tags as a generation. */
    public void embedded(String api, EmbeddingDispatch dispatch, double costUsd, long totalNanos) {
        answered(api, dispatch.model(), dispatch.decision().route(), dispatch.result().usage(), costUsd,
                dispatch.attempts(), dispatch.upstreamNanos(), totalNanos);
    }

    private void answered(String api, ModelSpec answering, String route, Usage usage, double costUsd,
                          List<Attempt> attempts, long upstreamNanos, long totalNanos) {
        String model = answering.alias();
        answered(api, answering, route, usage, costUsd);
        requestDuration(model, route, Outcome.OK.wireName()).record(totalNanos, TimeUnit.NANOSECONDS);
        timer(List.of(MeterNames.UPSTREAM_DURATION, model), key -> Timer.builder(key.get(0))
                .description("Waiting on Bedrock, all attempts").tags("model", model).publishPercentileHistogram())
                .record(upstreamNanos, TimeUnit.NANOSECONDS);
        timer(List.of(MeterNames.OVERHEAD, api), key -> Timer.builder(key.get(0))
                .description("Time spent in the gateway itself").tags("api", api).publishPercentileHistogram()
                .minimumExpectedValue(OVERHEAD_MINIMUM))
                .record(Math.max(0, totalNanos - upstreamNanos), TimeUnit.NANOSECONDS);
        tries(attempts);
    }

    /** A stream's first event reached the gateway: the wait the caller had before the first token, and any fallbacks. */
    public void streamStarted(StreamDispatch dispatch, long firstTokenNanos) {
        String model = dispatch.model().alias();
        timer(List.of(MeterNames.TIME_TO_FIRST_TOKEN, model), key -> Timer.builder(key.get(0))
                .description("Request arrival to the stream's first token").tags("model", model)
                .publishPercentileHistogram())
                .record(firstTokenNanos, TimeUnit.NANOSECONDS);
        tries(dispatch.attempts());
    }

    /** A stream reached its end event: counted as an answered request, with its tokens and cost. */
    public void streamEnded(String api, StreamDispatch dispatch, Usage usage, double costUsd) {
        answered(api, dispatch.model(), dispatch.decision().route(), usage, costUsd);
    }

    /**
     * A stream closed.
     *
     * @param outcome ok, failed (an error after the first token) or cancelled (the caller went away); a cancelled
     *                stream is counted as a request here, the others were counted at their end or error event
     */
    public void streamClosed(String api, StreamDispatch dispatch, String outcome, long durationNanos) {
        String model = dispatch.model().alias();
        String route = dispatch.decision().route();
        if (Outcome.CANCELLED.wireName().equals(outcome)) {
            requests(api, model, dispatch.model().provider(), route, outcome).increment();
        }
        timer(List.of(MeterNames.STREAM_DURATION, model, route, outcome),
                key -> Timer.builder(key.get(0)).description("Request arrival to the stream's last event")
                        .tags("model", model, "route", route, "outcome", outcome).publishPercentileHistogram())
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private void answered(String api, ModelSpec model, String route, Usage usage, double costUsd) {
        String alias = model.alias();
        requests(api, alias, model.provider(), route, Outcome.OK.wireName()).increment();
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
     * Each try (model, deployment, outcome), and each move from one model to another (from, to, reason). A move
     * between two deployments of one model is not a fallback: it shows in the tries' deployment tag.
     */
    private void tries(List<Attempt> attempts) {
        for (int i = 0; i < attempts.size(); i++) {
            Attempt attempt = attempts.get(i);
            String model = attempt.model();
            String deployment = attempt.deployment() == null ? "none" : attempt.deployment(); // skipped: no call
            String outcome = attempt.outcome().wireName();
            counter(List.of(MeterNames.ATTEMPTS, model, deployment, outcome), key -> Counter.builder(key.get(0))
                    .description("Tries of a model at one of its deployments")
                    .tags("model", model, "deployment", deployment, "outcome", outcome)).increment();
            if (i == 0 || attempts.get(i - 1).model().equals(model)) {
                continue;
            }
            String from = attempts.get(i - 1).model();
            String reason = attempts.get(i - 1).outcome().wireName();
            counter(List.of(MeterNames.FALLBACKS, from, model, reason), key -> Counter.builder(key.get(0))
                    .tags("from", from, "to", model, "reason", reason)).increment();
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
