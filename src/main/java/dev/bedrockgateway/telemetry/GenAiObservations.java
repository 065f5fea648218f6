package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.routing.RouteDecision;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

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

    /** Runs the route decision inside its own span, a child of the request's. */
    public Mono<RouteDecision> decide(Supplier<RouteDecision> decision) {
        return Mono.deferContextual(context -> {
            Observation observation = Observation.createNotStarted(ROUTE_DECISION, registry)
                    .contextualName("route")
                    .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                    // Prometheus takes one set of tag keys per meter: a decision that fails (unknown model or
                    // route) keeps the keys, with "none", so its timing is recorded too.
                    .lowCardinalityKeyValue("gateway.route", NONE)
                    .lowCardinalityKeyValue("gateway.route.strategy", NONE);
            return Mono.fromSupplier(() -> observation.observe(() -> {
                RouteDecision chosen = decision.get();
                observation.lowCardinalityKeyValue("gateway.route", chosen.route())
                        .lowCardinalityKeyValue("gateway.route.strategy", chosen.strategy());
                return chosen;
            }));
        });
    }

    /** Wraps one call of one model in a span that starts on subscription and ends with the answer or the error. */
    public Mono<GenerationResult> upstream(ModelSpec model, Mono<GenerationResult> call) {
        return observed(model, model.task().wireName(), "chat ", call, GenAiObservations::answered);
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
            Observation observation = Observation.createNotStarted(UPSTREAM_CALL, registry)
                    .contextualName(verb + model.alias())
                    .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                    .lowCardinalityKeyValue("gen_ai.system", SYSTEM)
                    .lowCardinalityKeyValue("gen_ai.operation.name", operation)
                    .lowCardinalityKeyValue("gen_ai.request.model", model.alias())
                    .start();
            return call.doOnNext(result -> answered.accept(observation, result))
                    .doOnError(observation::error)
                    .doFinally(signal -> observation.stop());
        });
    }

    private static void answered(Observation observation, GenerationResult result) {
        observation.highCardinalityKeyValue("gen_ai.usage.input_tokens", Integer.toString(result.usage().inputTokens()))
                .highCardinalityKeyValue("gen_ai.usage.output_tokens",
                        Integer.toString(result.usage().outputTokens()));
        if (result.finishReason() != null) {
            observation.highCardinalityKeyValue("gen_ai.response.finish_reasons", result.finishReason().wireName());
        }
    }
}
