package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.dispatch.EmbeddingDispatch;
import dev.bedrockgateway.dispatch.StreamDispatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Records what each request did. Tags stay bounded: catalog aliases, route names, outcomes and API names,
 * never user ids, prompts or caller-supplied identifiers.
 */
@Component
public class GatewayMetrics {

    private final MeterRegistry registry;

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

    private void answered(String api, ModelSpec model, String route, Usage usage, double costUsd,
                          List<Attempt> attempts, long upstreamNanos, long totalNanos) {
        answered(api, model, route, usage, costUsd);
        Timer.builder(MeterNames.REQUEST_DURATION).description("Whole request, as the caller waits for it")
                .tags("model", model.alias(), "route", route, "outcome", Attempt.OK).publishPercentileHistogram()
                .register(registry).record(totalNanos, TimeUnit.NANOSECONDS);
        Timer.builder(MeterNames.UPSTREAM_DURATION).description("Waiting on Bedrock, all attempts")
                .tags("model", model.alias()).publishPercentileHistogram()
                .register(registry).record(upstreamNanos, TimeUnit.NANOSECONDS);
        Timer.builder(MeterNames.OVERHEAD).description("Time spent in the gateway itself")
                .tags("api", api).publishPercentileHistogram()
                .register(registry).record(Math.max(0, totalNanos - upstreamNanos), TimeUnit.NANOSECONDS);
        fallbacks(attempts);
    }

    /** A stream's first event reached the gateway: the wait the caller had before the first token, and any fallbacks. */
    public void streamStarted(StreamDispatch dispatch, long firstTokenNanos) {
        Timer.builder(MeterNames.TIME_TO_FIRST_TOKEN).description("Request arrival to the stream's first token")
                .tags("model", dispatch.model().alias()).publishPercentileHistogram()
                .register(registry).record(firstTokenNanos, TimeUnit.NANOSECONDS);
        fallbacks(dispatch.attempts());
    }

    /** A stream reached its end event: counted as an answered request, with its tokens and cost. */
    public void streamEnded(String api, StreamDispatch dispatch, Usage usage, double costUsd) {
        answered(api, dispatch.model(), dispatch.decision().route(), usage, costUsd);
    }

    /**
     * A stream closed.
     *
     * @param outcome ok, failed (an error after the first token) or cancelled (the caller went away)
     */
    public void streamClosed(StreamDispatch dispatch, String outcome, long durationNanos) {
        Timer.builder(MeterNames.STREAM_DURATION).description("Request arrival to the stream's last event")
                .tags("model", dispatch.model().alias(), "route", dispatch.decision().route(), "outcome", outcome)
                .publishPercentileHistogram().register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private void answered(String api, ModelSpec model, String route, Usage usage, double costUsd) {
        String alias = model.alias();
        Counter.builder(MeterNames.REQUESTS).description("Requests answered or refused")
                .tags("api", api, "model", alias, "provider", model.provider(), "route", route, "outcome", Attempt.OK)
                .register(registry).increment();
        Counter.builder(MeterNames.TOKENS).tags("model", alias, "direction", "input").register(registry)
                .increment(usage.inputTokens());
        Counter.builder(MeterNames.TOKENS).tags("model", alias, "direction", "output").register(registry)
                .increment(usage.outputTokens());
        Counter.builder(MeterNames.COST).baseUnit("usd").tags("model", alias).register(registry).increment(costUsd);
    }

    /**
     * A request that got no answer. The model and provider are those of the last model tried, or "none" when it
     * failed before any model was tried (a bad body, an unknown route).
     */
    public void failed(String api, String model, String provider, String route, String outcome, long totalNanos) {
        Counter.builder(MeterNames.REQUESTS).description("Requests answered or refused")
                .tags("api", api, "model", model, "provider", provider, "route", route, "outcome", outcome)
                .register(registry).increment();
        Timer.builder(MeterNames.REQUEST_DURATION).description("Whole request, as the caller waits for it")
                .tags("model", model, "route", route, "outcome", outcome).publishPercentileHistogram()
                .register(registry).record(totalNanos, TimeUnit.NANOSECONDS);
    }

    private void fallbacks(List<Attempt> attempts) {
        for (int i = 1; i < attempts.size(); i++) {
            Attempt from = attempts.get(i - 1);
            Counter.builder(MeterNames.FALLBACKS)
                    .tags("from", from.model(), "to", attempts.get(i).model(), "reason", from.outcome())
                    .register(registry).increment();
        }
    }
}
