package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.DispatchFailure;
import dev.bedrockgateway.resilience.Outcome;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.telemetry.AnsweredBy;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.telemetry.Fallback;
import dev.bedrockgateway.telemetry.Try;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import java.util.ArrayList;
import java.util.List;

/** Records each request in the gateway's meters, translating what the dispatcher returned into telemetry's terms. */
final class MetricsPolicy implements RequestPolicy {

    private static final String NONE = "none";

    private final GatewayMetrics metrics;

    MetricsPolicy(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void observe(PolicyCall<?> call, RequestEvent event) {
        String api = call.api();
        if (event instanceof RequestEvent.Answered answered) {
            ServedRequest served = answered.served();
            metrics.succeeded(by(api, served.dispatch().model(), served.dispatch().decision(),
                            served.dispatch().attempts()), served.dispatch().result().usage(), served.costUsd(),
                    served.dispatch().upstreamNanos(), served.totalNanos());
        } else if (event instanceof RequestEvent.Embedded embedded) {
            ServedEmbeddings served = embedded.served();
            metrics.succeeded(by(api, served.dispatch().model(), served.dispatch().decision(),
                            served.dispatch().attempts()), served.dispatch().result().usage(), served.costUsd(),
                    served.dispatch().upstreamNanos(), served.totalNanos());
        } else if (event instanceof RequestEvent.StreamStarted started) {
            metrics.streamStarted(by(api, started.stream()), started.firstTokenNanos());
        } else if (event instanceof RequestEvent.StreamEnded ended) {
            metrics.streamEnded(by(api, ended.stream()), ended.usage(),
                    Cost.of(ended.stream().dispatch().model(), ended.usage()));
        } else if (event instanceof RequestEvent.StreamFailed streamFailed) {
            ModelSpec model = streamFailed.stream().dispatch().model();
            Throwable error = streamFailed.error();
            metrics.failed(api, model.alias(), model.provider(), streamFailed.stream().dispatch().decision().route(),
                    error instanceof GatewayException failure ? failure.kind().code() : ErrorKind.INTERNAL.code(),
                    streamFailed.totalNanos());
        } else if (event instanceof RequestEvent.StreamClosed closed) {
            AnsweredBy by = by(api, closed.stream());
            if (Outcome.CANCELLED.wireName().equals(closed.outcome())) {
                metrics.streamCancelled(by, closed.outcome());
            }
            metrics.streamClosed(by, closed.outcome(), closed.totalNanos());
        } else if (event instanceof RequestEvent.Failed failed) {
            failed(api, failed);
        }
    }

    /** The model and provider are those of the last model tried, or "none" when none was. */
    private void failed(String api, RequestEvent.Failed failed) {
        GatewayException failure = failed.failure();
        String route = failure instanceof DispatchFailure dispatch ? dispatch.route() : NONE;
        if (failure instanceof DispatchFailure dispatch) {
            metrics.tries(tries(dispatch.attempts()));
        }
        ModelSpec tried = failed.lastTried();
        metrics.failed(api, tried == null ? NONE : tried.alias(), tried == null ? NONE : tried.provider(), route,
                failure.kind().code(), failed.totalNanos());
    }

    private static AnsweredBy by(String api, ServedStream stream) {
        return by(api, stream.dispatch().model(), stream.dispatch().decision(), stream.dispatch().attempts());
    }

    private static AnsweredBy by(String api, ModelSpec model, RouteDecision decision, List<Attempt> attempts) {
        return new AnsweredBy(api, model, decision.route(), fallbacks(attempts), tries(attempts));
    }

    /**
     * Each move from one attempt's model to another model, with how the last try of the first one ended. A move to
     * the same model's next deployment is not a fallback.
     */
    static List<Fallback> fallbacks(List<Attempt> attempts) {
        if (attempts.size() < 2) {
            return List.of();
        }
        List<Fallback> fallbacks = new ArrayList<>(attempts.size() - 1);
        for (int i = 1; i < attempts.size(); i++) {
            Attempt from = attempts.get(i - 1);
            if (!from.model().equals(attempts.get(i).model())) {
                fallbacks.add(new Fallback(from.model(), attempts.get(i).model(), from.outcome().wireName()));
            }
        }
        return fallbacks;
    }

    /** Every attempt as the tries meter counts it; a model skipped without a call was tried at no deployment. */
    static List<Try> tries(List<Attempt> attempts) {
        return attempts.stream().map(attempt -> new Try(attempt.model(),
                attempt.deployment() == null ? NONE : attempt.deployment(), attempt.outcome().wireName())).toList();
    }
}
