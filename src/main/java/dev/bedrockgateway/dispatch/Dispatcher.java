package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.bedrock.BedrockErrors;
import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.provider.EmbeddingAdapters;
import dev.bedrockgateway.provider.InvokeCall;
import dev.bedrockgateway.provider.ModelAdapters;
import dev.bedrockgateway.resilience.ErrorPolicy;
import dev.bedrockgateway.resilience.ModelGuard;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.resilience.Outcome;
import dev.bedrockgateway.routing.LatencyTracker;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.telemetry.GenAiObservations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tries a route's candidates in order: the one place fallback happens. A failure another model can absorb
 * (throttling, upstream errors, time-outs) moves on to the next candidate; one it cannot (the request
 * itself is wrong) ends the request at once. Which is which is {@link ErrorPolicy}'s table.
 */
@Component
public class Dispatcher {

    private final ModelAdapters adapters;
    private final EmbeddingAdapters embeddingAdapters;
    private final BedrockTransport transport;
    private final ModelGuards guards;
    private final LatencyTracker latencies;
    private final GenAiObservations observations;

    public Dispatcher(ModelAdapters adapters, EmbeddingAdapters embeddingAdapters, BedrockTransport transport,
                      ModelGuards guards, LatencyTracker latencies, GenAiObservations observations) {
        this.adapters = adapters;
        this.embeddingAdapters = embeddingAdapters;
        this.transport = transport;
        this.guards = guards;
        this.latencies = latencies;
        this.observations = observations;
    }

    public Mono<Dispatch> dispatch(GenerationRequest request, RouteDecision decision) {
        return Mono.defer(() -> attempt(model -> ModelFit.check(request, model, false), new Trail(decision), 0,
                model -> observations.upstream(model, guards.forModel(model.alias())
                        .protect(adapters.forRequest(request, model).generate(request, model, transport))),
                Dispatch::new));
    }

    /**
     * Streams a request through the same candidates and rules. The Mono answers once a model has sent its first
     * event; until then a failure moves on to the next candidate, after it the stream carries the failure to the
     * caller. Latency and upstream time count up to the first event, which is what a streaming caller waits for.
     */
    public Mono<StreamDispatch> stream(GenerationRequest request, RouteDecision decision) {
        return Mono.defer(() -> attempt(model -> ModelFit.check(request, model, true), new Trail(decision), 0,
                model -> observations.upstreamStream(model, guards.forModel(model.alias())
                        .protectStream(adapters.forRequest(request, model).stream(request, model, transport))),
                StreamDispatch::new));
    }

    /**
     * Embeds texts through the same candidates and rules. The guards wrap each InvokeModel call rather than the whole
     * request, because an embedding request may take many calls (one per text for Titan): a throttled call is retried
     * alone, and the breaker and bulkhead count calls, as Bedrock's quotas do.
     */
    public Mono<EmbeddingDispatch> embed(EmbeddingRequest request, RouteDecision decision) {
        return Mono.defer(() -> attempt(model -> EmbeddingFit.check(request, model), new Trail(decision), 0,
                model -> observations.embedding(model, embeddingAdapters.forFamily(model.family())
                        .embed(request, model, guarded(model))),
                EmbeddingDispatch::new));
    }

    /** InvokeModel of one model behind its guards. */
    private InvokeCall guarded(ModelSpec model) {
        ModelGuard guard = guards.forModel(model.alias());
        return body -> guard.protect(transport.invoke(model.id(), body));
    }

    /**
     * Tries the candidate at {@code index}, then the ones after it as the failure allows.
     *
     * @param fit      the reason a model cannot take the request, or null when it can
     * @param call     one guarded call of one model
     * @param answered what the request's answer is, made from the model's result and the trail
     */
    private <R, D> Mono<D> attempt(Function<ModelSpec, GatewayException> fit, Trail trail, int index,
                                   Function<ModelSpec, Mono<R>> call, Answered<R, D> answered) {
        List<ModelSpec> candidates = trail.decision.candidates();
        if (index == candidates.size()) {
            return Mono.error(trail.failure());
        }
        ModelSpec model = candidates.get(index);
        GatewayException unfit = fit.apply(model);
        if (unfit != null) {
            trail.failed(model, Outcome.SKIPPED, 0, unfit);
            return candidates.size() == 1 ? Mono.error(unfit) : attempt(fit, trail, index + 1, call, answered);
        }
        long start = System.nanoTime();
        return call.apply(model)
                .map(result -> {
                    long spent = System.nanoTime() - start;
                    latencies.record(model.alias(), spent);
                    return trail.succeeded(model, spent, result, answered);
                })
                .onErrorResume(error -> {
                    GatewayException failure = BedrockErrors.map(model.id(), error);
                    if (failure.kind() == ErrorKind.UPSTREAM_TIMEOUT) {
                        // A model that times out is slow: the fastest strategy must see it.
                        latencies.record(model.alias(), System.nanoTime() - start);
                    }
                    ErrorPolicy policy = ErrorPolicy.of(failure.kind());
                    trail.failed(model, policy.outcome(), System.nanoTime() - start, failure);
                    // A request the caller got wrong fails the same way everywhere: don't try the others.
                    return policy.movesOn() ? attempt(fit, trail, index + 1, call, answered)
                            : Mono.error(trail.stoppedBy(failure));
                });
    }

    /** Makes a request's answer from the model that answered, what it returned, and the trail that led there. */
    @FunctionalInterface
    private interface Answered<R, D> {
        D of(ModelSpec model, R result, RouteDecision decision, List<Attempt> attempts, long upstreamNanos);
    }

    /** What happened so far while serving one request; used by one subscriber at a time. */
    private static final class Trail {
        private final RouteDecision decision;
        private final List<Attempt> attempts = new ArrayList<>(2);
        private final List<GatewayException> failures = new ArrayList<>(2);
        private long upstreamNanos;

        Trail(RouteDecision decision) {
            this.decision = decision;
        }

        <R, D> D succeeded(ModelSpec model, long nanos, R result, Answered<R, D> answered) {
            upstreamNanos += nanos;
            attempts.add(new Attempt(model.alias(), Outcome.OK, millis(nanos), null));
            return answered.of(model, result, decision, attempts, upstreamNanos);
        }

        void failed(ModelSpec model, Outcome outcome, long nanos, GatewayException failure) {
            upstreamNanos += nanos;
            attempts.add(new Attempt(model.alias(), outcome, millis(nanos), failure.detail()));
            failures.add(failure);
        }

        /** The error for a failure that ends the request at once, with what was tried so far. */
        DispatchFailure stoppedBy(GatewayException failure) {
            return new DispatchFailure(failure, failure.detail(), decision.route(), attempts);
        }

        /**
         * The error for a request no candidate answered: the candidates' common kind when they agree
         * (all throttled is a 429, all timed out a 504), otherwise a 502 listing every attempt.
         */
        DispatchFailure failure() {
            Set<ErrorKind> kinds = failures.stream().map(GatewayException::kind).collect(Collectors.toSet());
            boolean noneCalled = attempts.stream().allMatch(attempt -> attempt.outcome() == Outcome.SKIPPED);
            GatewayException decisive = kinds.size() == 1 ? soonestRetry()
                    : new GatewayException(noneCalled ? ErrorKind.UNSUPPORTED_BY_MODEL : ErrorKind.UPSTREAM_ERROR, "");
            if (attempts.size() == 1) {
                return new DispatchFailure(decisive, failures.get(0).detail(), decision.route(), attempts);
            }
            String summary = noneCalled ? "No model of route " + decision.route() + " can serve this request: "
                    : "Every candidate of route " + decision.route() + " failed: ";
            String detail = attempts.stream()
                    .map(attempt -> attempt.model() + ": " + attempt.outcome() + " (" + attempt.detail() + ")")
                    .collect(Collectors.joining("; ", summary, ""));
            return new DispatchFailure(decisive, detail, decision.route(), attempts);
        }

        /** Of failures of one kind, the one the caller may retry soonest (all circuits open: the first to close). */
        private GatewayException soonestRetry() {
            return failures.stream()
                    .filter(failure -> failure.retryAfter() != null)
                    .min(java.util.Comparator.comparing(GatewayException::retryAfter))
                    .orElse(failures.get(0));
        }

        private static long millis(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }
}
