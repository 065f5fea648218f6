package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.bedrock.BedrockErrors;
import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.BedrockTransports;
import dev.bedrockgateway.bedrock.ClientPlace;
import dev.bedrockgateway.catalog.Deployment;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Tries a route's candidates in order: the one place fallback happens. A failure another model can absorb
 * (throttling, upstream errors, time-outs) moves on to the next candidate; one it cannot (the request
 * itself is wrong) ends the request at once. Which is which is {@link ErrorPolicy}'s table. A model with several
 * deployments is tried at each of them, in {@link DeploymentBalance}'s order, before the next model, unless the
 * failure says the model itself cannot take the request ({@link ErrorPolicy#elsewhere()}).
 */
@Component
public class Dispatcher {

    private final ModelAdapters adapters;
    private final EmbeddingAdapters embeddingAdapters;
    private final BedrockTransports transports;
    private final ModelGuards guards;
    private final LatencyTracker latencies;
    private final GenAiObservations observations;
    private final Supplier<RandomGenerator> random;

    @Autowired
    public Dispatcher(ModelAdapters adapters, EmbeddingAdapters embeddingAdapters, BedrockTransports transports,
                      ModelGuards guards, LatencyTracker latencies, GenAiObservations observations) {
        this(adapters, embeddingAdapters, transports, guards, latencies, observations, ThreadLocalRandom::current);
    }

    /** Every deployment through one transport (tests of the dispatcher alone). */
    public Dispatcher(ModelAdapters adapters, EmbeddingAdapters embeddingAdapters, BedrockTransport transport,
                      ModelGuards guards, LatencyTracker latencies, GenAiObservations observations) {
        this(adapters, embeddingAdapters, new BedrockTransports(transport, place -> transport), guards, latencies,
                observations, ThreadLocalRandom::current);
    }

    /** @param random the draws of {@link DeploymentBalance}'s weighted order among deployments equally loaded */
    Dispatcher(ModelAdapters adapters, EmbeddingAdapters embeddingAdapters, BedrockTransports transports,
               ModelGuards guards, LatencyTracker latencies, GenAiObservations observations,
               Supplier<RandomGenerator> random) {
        this.adapters = adapters;
        this.embeddingAdapters = embeddingAdapters;
        this.transports = transports;
        this.guards = guards;
        this.latencies = latencies;
        this.observations = observations;
        this.random = random;
    }

    public Mono<Dispatch> dispatch(GenerationRequest request, RouteDecision decision) {
        return Mono.deferContextual(context -> attempt(model -> ModelFit.check(request, model, false),
                new Trail(decision, context), 0,
                target -> observations.upstream(target.called(), target.guard().protect(
                        adapters.forRequest(request, target.model())
                                .generate(request, target.called(), target.transport()))),
                Dispatch::new));
    }

    /**
     * Streams a request through the same candidates and rules. The Mono answers once a model has sent its first
     * event; until then a failure moves on to the next candidate, after it the stream carries the failure to the
     * caller. Latency and upstream time count up to the first event, which is what a streaming caller waits for.
     */
    public Mono<StreamDispatch> stream(GenerationRequest request, RouteDecision decision) {
        return Mono.deferContextual(context -> attempt(model -> ModelFit.check(request, model, true),
                new Trail(decision, context), 0,
                target -> observations.upstreamStream(target.called(), target.guard().protectStream(
                        adapters.forRequest(request, target.model()).stream(request, target.called(), target.transport()))),
                StreamDispatch::new));
    }

    /**
     * Counts a request's input tokens with Bedrock's CountTokens through the same candidates, guards and rules: the
     * count is the candidate's that answers. A model Bedrock cannot count for refuses with its ValidationException,
     * a 400 the caller sees (the count would differ from model to model, so another candidate is not asked instead).
     */
    public Mono<TokenCount> count(GenerationRequest request, RouteDecision decision) {
        return Mono.deferContextual(context -> attempt(model -> ModelFit.check(request, model, false),
                new Trail(decision, context), 0,
                target -> target.guard().protect(
                        adapters.forCounting().countTokens(request, target.called(), target.transport())),
                TokenCount::new));
    }

    /**
     * Embeds texts through the same candidates and rules. The guards wrap each InvokeModel call rather than the whole
     * request, because an embedding request may take many calls (one per text for Titan): a throttled call is retried
     * alone, and the breaker and bulkhead count calls, as Bedrock's quotas do.
     */
    public Mono<EmbeddingDispatch> embed(EmbeddingRequest request, RouteDecision decision) {
        return Mono.deferContextual(context -> attempt(model -> EmbeddingFit.check(request, model),
                new Trail(decision, context), 0,
                target -> observations.embedding(target.called(), embeddingAdapters.forFamily(target.model().family())
                        .embed(request, target.called(), guarded(target))),
                EmbeddingDispatch::new));
    }

    /** InvokeModel of one deployment behind its guards. */
    private static InvokeCall guarded(Target target) {
        String id = target.called().id();
        return body -> target.guard().protect(target.transport().invoke(id, body));
    }

    /**
     * One deployment of one model as a call reaches it.
     *
     * @param model      the catalog's model
     * @param deployment where it is called
     * @param guard      the deployment's guards
     * @param transport  the client of the deployment's place
     */
    private record Target(ModelSpec model, Deployment deployment, ModelGuard guard, BedrockTransport transport) {

        /** The model as the adapter calls it here: under the id Bedrock knows it by at this deployment. */
        ModelSpec called() {
            return deployment.modelId() == null ? model : model.withId(deployment.modelId());
        }
    }

    /** The model's deployments, in the order this request tries them. */
    private List<Target> targets(ModelSpec model) {
        List<Deployment> ordered = DeploymentBalance.order(model.deployments(), new DeploymentBalance.Load() {
            @Override
            public int callsInFlight(Deployment deployment) {
                return guards.forDeployment(model, deployment).callsInFlight();
            }

            @Override
            public boolean refusesCalls(Deployment deployment) {
                return guards.forDeployment(model, deployment).refusesCalls();
            }
        }, random.get());
        List<Target> targets = new ArrayList<>(ordered.size());
        for (Deployment deployment : ordered) {
            targets.add(new Target(model, deployment, guards.forDeployment(model, deployment), transports.at(
                    new ClientPlace(deployment.region(), deployment.endpoint(), deployment.profile(),
                            deployment.roleArn()))));
        }
        return targets;
    }

    /**
     * Tries the candidate at {@code index}, then the ones after it as the failure allows.
     *
     * @param fit      the reason a model cannot take the request, or null when it can
     * @param call     one guarded call of one deployment of one model
     * @param answered what the request's answer is, made from the model's result and the trail
     */
    private <R, D> Mono<D> attempt(Function<ModelSpec, GatewayException> fit, Trail trail, int index,
                                   Function<Target, Mono<R>> call, Answered<R, D> answered) {
        List<ModelSpec> candidates = trail.decision.candidates();
        if (index == candidates.size()) {
            return Mono.error(trail.failure());
        }
        ModelSpec model = candidates.get(index);
        GatewayException unfit = fit.apply(model);
        if (unfit != null) {
            trail.failed(model, null, Outcome.SKIPPED, 0, unfit);
            return candidates.size() == 1 ? Mono.error(unfit) : attempt(fit, trail, index + 1, call, answered);
        }
        return attemptAt(fit, trail, index, targets(model), 0, call, answered);
    }

    /**
     * Tries the candidate at {@code index} at its deployment {@code at}; after a failure, its next deployment when
     * the error policy says another may succeed, else the next candidate when it says that may.
     */
    private <R, D> Mono<D> attemptAt(Function<ModelSpec, GatewayException> fit, Trail trail, int index,
                                     List<Target> targets, int at, Function<Target, Mono<R>> call,
                                     Answered<R, D> answered) {
        Target target = targets.get(at);
        ModelSpec model = target.model();
        String deployment = target.deployment().name();
        long start = System.nanoTime();
        trail.calling(model, deployment, start);
        return call.apply(target)
                .map(result -> {
                    long spent = System.nanoTime() - start;
                    latencies.record(model.alias(), spent);
                    return trail.succeeded(model, deployment, spent, result, answered);
                })
                .onErrorResume(error -> {
                    GatewayException failure = BedrockErrors.map(target.called().id(), error);
                    if (failure.kind() == ErrorKind.UPSTREAM_TIMEOUT) {
                        // A model that times out is slow: the fastest strategy must see it.
                        latencies.record(model.alias(), System.nanoTime() - start);
                    }
                    ErrorPolicy policy = ErrorPolicy.of(failure.kind());
                    trail.failed(model, deployment, policy.outcome(), System.nanoTime() - start, failure);
                    if (!policy.movesOn()) {
                        // A request the caller got wrong fails the same way everywhere: don't try the others.
                        return Mono.error(trail.stoppedBy(failure));
                    }
                    return policy.elsewhere() && at + 1 < targets.size()
                            ? attemptAt(fit, trail, index, targets, at + 1, call, answered)
                            : attempt(fit, trail, index + 1, call, answered);
                });
    }

    /** Makes a request's answer from the model that answered, what it returned, and the trail that led there. */
    @FunctionalInterface
    private interface Answered<R, D> {
        D of(ModelSpec model, R result, RouteDecision decision, List<Attempt> attempts, long upstreamNanos);
    }

    /**
     * What happened so far while serving one request; used by one subscriber at a time. It is mirrored in the
     * subscriber's {@link AttemptsSoFar}, when there is one, for a caller that cancels.
     */
    private static final class Trail {
        private final RouteDecision decision;
        private final List<Attempt> attempts = new ArrayList<>(2);
        private final List<GatewayException> failures = new ArrayList<>(2);
        private final AttemptsSoFar soFar;
        private long upstreamNanos;

        Trail(RouteDecision decision, ContextView context) {
            this.decision = decision;
            this.soFar = context.getOrDefault(AttemptsSoFar.class, null);
        }

        void calling(ModelSpec model, String deployment, long startNanos) {
            if (soFar != null) {
                soFar.started(decision.route(), attempts, model.alias(), deployment, startNanos);
            }
        }

        private void record(Attempt attempt) {
            attempts.add(attempt);
            if (soFar != null) {
                soFar.ended(decision.route(), attempts);
            }
        }

        <R, D> D succeeded(ModelSpec model, String deployment, long nanos, R result, Answered<R, D> answered) {
            upstreamNanos += nanos;
            record(new Attempt(model.alias(), deployment, Outcome.OK, millis(nanos), null));
            return answered.of(model, result, decision, attempts, upstreamNanos);
        }

        void failed(ModelSpec model, String deployment, Outcome outcome, long nanos, GatewayException failure) {
            upstreamNanos += nanos;
            record(new Attempt(model.alias(), deployment, outcome, millis(nanos), failure.detail()));
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
                    .map(attempt -> attempt.model() + at(attempt) + ": " + attempt.outcome() + " (" + attempt.detail() + ")")
                    .collect(Collectors.joining("; ", summary, ""));
            return new DispatchFailure(decisive, detail, decision.route(), attempts);
        }

        /** "@deployment" after the alias for an attempt at a named deployment; nothing for the gateway's own client. */
        private static String at(Attempt attempt) {
            return attempt.deployment() == null || Deployment.DEFAULT.name().equals(attempt.deployment()) ? ""
                    : "@" + attempt.deployment();
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
