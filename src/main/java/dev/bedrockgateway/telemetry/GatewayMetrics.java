package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.Dispatch;
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
        String model = dispatch.model().alias();
        String route = dispatch.decision().route();
        Counter.builder(MeterNames.REQUESTS).description("Requests answered or refused")
                .tags("api", api, "model", model, "provider", dispatch.model().provider(), "route", route,
                        "outcome", Attempt.OK)
                .register(registry).increment();
        Timer.builder(MeterNames.REQUEST_DURATION).description("Whole request, as the caller waits for it")
                .tags("model", model, "route", route, "outcome", Attempt.OK).publishPercentileHistogram()
                .register(registry).record(totalNanos, TimeUnit.NANOSECONDS);
        Timer.builder(MeterNames.UPSTREAM_DURATION).description("Waiting on Bedrock, all attempts")
                .tags("model", model).publishPercentileHistogram()
                .register(registry).record(dispatch.upstreamNanos(), TimeUnit.NANOSECONDS);
        Timer.builder(MeterNames.OVERHEAD).description("Time spent in the gateway itself")
                .tags("api", api).publishPercentileHistogram()
                .register(registry).record(Math.max(0, totalNanos - dispatch.upstreamNanos()), TimeUnit.NANOSECONDS);
        Counter.builder(MeterNames.TOKENS).tags("model", model, "direction", "input").register(registry)
                .increment(dispatch.result().usage().inputTokens());
        Counter.builder(MeterNames.TOKENS).tags("model", model, "direction", "output").register(registry)
                .increment(dispatch.result().usage().outputTokens());
        Counter.builder(MeterNames.COST).baseUnit("usd").tags("model", model).register(registry).increment(costUsd);
        fallbacks(dispatch.attempts());
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
