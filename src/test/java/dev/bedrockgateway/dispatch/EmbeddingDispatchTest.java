package dev.bedrockgateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.provider.EmbeddingAdapters;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.amazon.TitanEmbedAdapter;
import dev.bedrockgateway.provider.cohere.CohereEmbedAdapter;
import dev.bedrockgateway.resilience.GuardSettings;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.routing.LatencyTracker;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.telemetry.GenAiObservations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/** Embedding requests take the dispatcher's candidates, fits and guards like generations, guarded call by call. */
class EmbeddingDispatchTest {

    static final ModelSpec TITAN = new ModelSpec("titan", "amazon.titan-embed-text-v2:0", ModelFamily.TITAN_EMBED,
            "amazon", Task.EMBED, false, 8192, 4096, Price.FREE);
    static final ModelSpec COHERE = new ModelSpec("cohere", "cohere.embed-english-v3", ModelFamily.COHERE_EMBED,
            "cohere", Task.EMBED, false, 512, 4096, Price.FREE);

    /** Three attempts a call, with back-offs too short to slow the test. */
    private static final GuardSettings FAST_RETRY = new GuardSettings(null, null, null, null, null, null, null, null,
            null, null, null, 3, Duration.ofMillis(1), Duration.ofMillis(2));

    private final FakeBedrock bedrock = new FakeBedrock();
    private final Dispatcher dispatcher = new Dispatcher(null, new EmbeddingAdapters(List.of(new TitanEmbedAdapter(), new CohereEmbedAdapter())), bedrock, new ModelGuards(
            FAST_RETRY.over(GuardSettings.BUILT_IN), Map.of(), new SimpleMeterRegistry(), Clock.systemUTC()), new LatencyTracker(), new GenAiObservations(ObservationRegistry.NOOP));

    private static EmbeddingRequest request(Integer dimensions, String... inputs) {
        return new EmbeddingRequest(List.of(inputs), dimensions, null, null, null, RequestMetadata.NONE);
    }

    private static RouteDecision route(ModelSpec... models) {
        return new RouteDecision("embed", "priority", List.of(models), models.length == 1);
    }

    @Test
    void skipsAModelThatCannotMakeTheDimensionsAsked() {
        StepVerifier.create(dispatcher.embed(request(256, "a"), route(COHERE, TITAN)))
                .assertNext(dispatch -> {
                    assertThat(dispatch.model()).isEqualTo(TITAN);
                    assertThat(dispatch.attempts()).extracting(attempt -> attempt.outcome().wireName()).containsExactly("skipped", "ok");
                    assertThat(dispatch.result().vectors().get(0)).hasSize(256);
                })
                .verifyComplete();
        assertThat(bedrock.calls).doesNotContainKey(COHERE.id());
    }

    @Test
    void aNamedModelThatCannotMakeThemIsABadRequest() {
        StepVerifier.create(dispatcher.embed(request(512, "a"), route(COHERE)))
                .expectErrorSatisfies(error -> {
                    assertThat(((GatewayException) error).kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(error.getMessage()).contains("dimensions 512").contains("1024 dimensions");
                })
                .verify();
    }

    @Test
    void retriesAThrottledCallAloneNotTheWholeRequest() {
        bedrock.throttleOnce.put("b", new AtomicInteger(1));

        StepVerifier.create(dispatcher.embed(request(null, "a", "b", "c"), route(TITAN)))
                .assertNext(dispatch -> assertThat(dispatch.result().vectors()).hasSize(3))
                .verifyComplete();
        // a, c once each; b twice
        assertThat(bedrock.calls.get(TITAN.id())).hasValue(4);
    }

    @Test
    void fallsBackToTheNextModelWhenOneKeepsFailing() {
        bedrock.down.add(COHERE.id());

        StepVerifier.create(dispatcher.embed(request(null, "a"), route(COHERE, TITAN)))
                .assertNext(dispatch -> {
                    assertThat(dispatch.model()).isEqualTo(TITAN);
                    assertThat(dispatch.attempts()).extracting(attempt -> attempt.outcome().wireName()).containsExactly("upstream_error", "ok");
                })
                .verifyComplete();
    }

    /** Answers Titan and Cohere bodies with vectors of the asked length, failing as told. */
    private static final class FakeBedrock implements BedrockTransport {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> throttleOnce = new ConcurrentHashMap<>();
        final java.util.Set<String> down = ConcurrentHashMap.newKeySet();

        @Override
        public Mono<InvokeResult> invoke(String modelId, byte[] body) {
            return Mono.defer(() -> {
                calls.computeIfAbsent(modelId, id -> new AtomicInteger()).incrementAndGet();
                var json = NativeJson.MAPPER.readTree(body);
                if (down.contains(modelId)) {
                    return Mono.error(new GatewayException(ErrorKind.UPSTREAM_ERROR, "down", null, null, true));
                }
                AtomicInteger throttles = throttleOnce.get(json.path("inputText").asString(""));
                if (throttles != null && throttles.getAndDecrement() > 0) {
                    return Mono.error(new GatewayException(ErrorKind.THROTTLED, "slow down", null, null, true));
                }
                var answer = NativeJson.object();
                if (json.has("inputText")) {
                    answer.put("inputTextTokenCount", 1)
                            .set("embedding", NativeJson.MAPPER.valueToTree(new float[json.path("dimensions").asInt(1024)]));
                } else {
                    var embeddings = answer.put("response_type", "embeddings_floats").putArray("embeddings");
                    json.get("texts").forEach(text -> embeddings.add(NativeJson.MAPPER.valueToTree(new float[1024])));
                }
                return Mono.just(new InvokeResult(NativeJson.bytes(answer), 1, 0));
            });
        }

        @Override
        public Mono<ConverseResponse> converse(ConverseRequest request) {
            return Mono.error(new UnsupportedOperationException());
        }

        @Override
        public Flux<byte[]> invokeStream(String modelId, byte[] body) {
            return Flux.error(new UnsupportedOperationException());
        }

        @Override
        public Flux<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
            return Flux.error(new UnsupportedOperationException());
        }
    }
}
