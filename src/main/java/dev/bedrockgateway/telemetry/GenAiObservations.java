package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The spans of a request below its server span: one for the route decision and one per upstream call, the latter
 * with OpenTelemetry's gen_ai attributes. Tag values stay bounded (aliases, route names); token counts go on the span
 * only, as high-cardinality values.
 */
@Component
public class GenAiObservations {

    public static final String ROUTE_DECISION = "gateway.route.decision";
    public static final String UPSTREAM_CALL = "gen_ai.client.operation";
    static final String SYSTEM = "aws.bedrock";
    private static final String NONE = "none";
    /** OpenTelemetry's gen_ai.operation.name for embedding calls. */
    static final String EMBEDDINGS = "embeddings";

    private final ObservationRegistry registry;

    public GenAiObservations(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * Runs the route decision inside its own span, a child of the request's.
     *
     * @param route    the name of the route a decision chose
     * @param strategy the name of the strategy that ordered its candidates
     */
    public <D> Mono<D> decide(Supplier<D> decision, Function<D, String> route, Function<D, String> strategy) {
        return Mono.deferContextual(context -> {
            Observation observation = Observation.createNotStarted(ROUTE_DECISION, registry)
                    .contextualName("route")
                    .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                    // Prometheus takes one set of tag keys per meter: a decision that fails (unknown model or
                    // route) keeps the keys, with "none", so its timing is recorded too.
                    .lowCardinalityKeyValue("gateway.route", NONE)
                    .lowCardinalityKeyValue("gateway.route.strategy", NONE);
            return Mono.fromSupplier(() -> observation.observe(() -> {
                D chosen = decision.get();
                observation.lowCardinalityKeyValue("gateway.route", route.apply(chosen))
                        .lowCardinalityKeyValue("gateway.route.strategy", strategy.apply(chosen));
                return chosen;
            }));
        });
    }

    /** Wraps one call of one model in a span that starts on subscription and ends with the answer or the error. */
    public Mono<GenerationResult> upstream(ModelSpec model, Mono<GenerationResult> call) {
        return observed(model, model.task().wireName(), "chat ", call, GenAiObservations::answered);
    }

    /**
     * Wraps one streamed call of one model in a span, as {@link #upstream} does for a whole answer: it starts on
     * subscription and ends with the stream, at its end event's completion, its error or its cancel, whether that
     * comes before the first event (the Mono fails or is cancelled) or after it (the stream does). The end event's
     * usage and finish reason go on the span as a whole answer's do.
     */
    public Mono<Flux<StreamEvent>> upstreamStream(ModelSpec model, Mono<Flux<StreamEvent>> call) {
        return Mono.deferContextual(context -> {
            Observation observation = started(model, model.task().wireName(), "chat ", context);
            Runnable stop = once(observation::stop);
            AtomicBoolean opened = new AtomicBoolean();
            return call
                    .map(events -> observedStream(observation, events, stop))
                    .doOnNext(events -> opened.set(true))
                    .doOnError(error -> {
                        observation.error(error);
                        stop.run();
                    })
                    // Once the stream is handed on, its own end stops the span; a cancel before that is the call's end.
                    .doOnCancel(() -> {
                        if (!opened.get()) {
                            stop.run();
                        }
                    });
        });
    }

    /** The stream, noting its end event on the span and stopping the span when the stream closes, however it does. */
    private static Flux<StreamEvent> observedStream(Observation observation, Flux<StreamEvent> events, Runnable stop) {
        return events
                .doOnNext(event -> {
                    if (event instanceof StreamEvent.End end) {
                        answered(observation, end.usage(), end.finishReason());
                    }
                })
                .doOnError(observation::error)
                .doFinally(signal -> stop.run());
    }

    /** {@code action}, run on the first call only: a cancel racing the stream's hand-over may ask twice. */
    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    /** Wraps one embedding request of one model (all its InvokeModel calls) in a span, as {@link #upstream} does. */
    public Mono<EmbeddingResult> embedding(ModelSpec model, Mono<EmbeddingResult> call) {
        return observed(model, EMBEDDINGS, EMBEDDINGS + " ", call, (observation, result) -> observation
                .highCardinalityKeyValue("gen_ai.usage.input_tokens", Integer.toString(result.usage().inputTokens())));
    }

    /**
     * @param operation OpenTelemetry's gen_ai.operation.name
     * @param verb      what the span's name starts with
     * @param answered  notes the answer on the span
     */
    private <R> Mono<R> observed(ModelSpec model, String operation, String verb, Mono<R> call,
                                 BiConsumer<Observation, R> answered) {
        return Mono.deferContextual(context -> {
            Observation observation = started(model, operation, verb, context);
            return call.doOnNext(result -> answered.accept(observation, result))
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop());
        });
    }

    /** The span of one upstream call, started, a child of the span in the subscriber's context. */
    private Observation started(ModelSpec model, String operation, String verb, ContextView context) {
        return Observation.createNotStarted(UPSTREAM_CALL, registry)
                .contextualName(verb + model.alias())
                .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                .lowCardinalityKeyValue("gen_ai.system", SYSTEM)
                .lowCardinalityKeyValue("gen_ai.operation.name", operation)
                .lowCardinalityKeyValue("gen_ai.request.model", model.alias())
                .start();
    }

    private static void answered(Observation observation, GenerationResult result) {
        answered(observation, result.usage(), result.finishReason());
    }

    private static void answered(Observation observation, Usage usage, FinishReason finishReason) {
        observation.highCardinalityKeyValue("gen_ai.usage.input_tokens", Integer.toString(usage.inputTokens()))
                .highCardinalityKeyValue("gen_ai.usage.output_tokens", Integer.toString(usage.outputTokens()));
        if (finishReason != null) {
            observation.highCardinalityKeyValue("gen_ai.response.finish_reasons", finishReason.wireName());
        }
    }
}
