package dev.bedrockgateway.provider.amazon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.provider.EmbeddingAdapter;
import dev.bedrockgateway.provider.GoldenFiles;
import dev.bedrockgateway.provider.NativeJson;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TitanEmbedAdapterTest {

    static final ModelSpec TITAN = new ModelSpec("titan-embed-text-v2", "amazon.titan-embed-text-v2:0",
            ModelFamily.TITAN_EMBED, "amazon", Task.EMBED, false, 8192, 4096, Price.FREE);

    private final TitanEmbedAdapter adapter = new TitanEmbedAdapter();

    static EmbeddingRequest request(List<String> inputs, Integer dimensions) {
        return new EmbeddingRequest(inputs, dimensions, null, null, null, RequestMetadata.NONE);
    }

    @Test
    void asksForTheDimensionsAndUnitVectors() {
        GoldenFiles.assertMatches(adapter.requestBody("The quick brown fox",
                request(List.of("The quick brown fox"), 256)), "bedrock/titan-embed/dimensions.request.json");
    }

    @Test
    void leavesTheDimensionsToTheModelWhenTheCallerSetsNone() {
        GoldenFiles.assertMatches(adapter.requestBody("The quick brown fox",
                request(List.of("The quick brown fox"), null)), "bedrock/titan-embed/default-dimensions.request.json");
    }

    @Test
    void readsTheVectorAndTheBodysTokenCount() {
        TitanEmbedAdapter.Embedded embedded = adapter.parseResponse(
                GoldenFiles.json("bedrock/titan-embed/embedding.response.json"), new InvokeResult(new byte[0], 9, 0), TITAN);

        assertThat(embedded.vector()).containsExactly(0.125f, -0.5f, 0.25f, 0.8125f);
        assertThat(embedded.inputTokens()).isEqualTo(5);
    }

    @Test
    void takesTheTokenCountFromTheHeaderWhenTheBodyHasNone() {
        TitanEmbedAdapter.Embedded embedded = adapter.parseResponse(
                GoldenFiles.json("bedrock/titan-embed/without-count.response.json"),
                new InvokeResult(new byte[0], 3, 0), TITAN);

        assertThat(embedded.inputTokens()).isEqualTo(3);
    }

    @Test
    void anAnswerWithoutAnEmbeddingIsAnUpstreamError() {
        assertThatThrownBy(() -> adapter.parseResponse(GoldenFiles.json("bedrock/titan-embed/without-embedding.response.json"),
                new InvokeResult(new byte[0], null, null), TITAN))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void makesOneCallPerTextAFewAtATimeAndAnswersInTheInputsOrder() {
        List<String> inputs = IntStream.range(0, 20).mapToObj(i -> "text " + i).toList();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();

        StepVerifier.withVirtualTime(() -> adapter.embed(request(inputs, 256), TITAN, body -> {
                    int index = Integer.parseInt(NativeJson.MAPPER.readTree(body).get("inputText").asString()
                            .substring("text ".length()));
                    // later texts answer sooner, so an adapter that kept arrival order would scramble them
                    return Mono.delay(Duration.ofMillis(100 - index))
                            .doOnSubscribe(s -> {
                                calls.incrementAndGet();
                                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                            })
                            .doOnSuccess(tick -> inFlight.decrementAndGet())
                            .map(tick -> new InvokeResult(NativeJson.bytes(NativeJson.object().put("inputTextTokenCount",
                                    index + 1).set("embedding", NativeJson.MAPPER.valueToTree(new float[] {index}))),
                                    null, null));
                }))
                .thenAwait(Duration.ofSeconds(5))
                .assertNext(result -> {
                    assertThat(result.vectors()).extracting(vector -> vector[0])
                            .containsExactly(IntStream.range(0, 20).mapToObj(i -> (float) i).toArray(Float[]::new));
                    assertThat(result.usage().inputTokens()).isEqualTo(IntStream.rangeClosed(1, 20).sum());
                    assertThat(result.usage().outputTokens()).isZero();
                })
                .verifyComplete();
        assertThat(calls).hasValue(20);
        assertThat(mostInFlight.get()).isEqualTo(EmbeddingAdapter.CONCURRENT_CALLS);
    }

    @Test
    void aFailedCallFailsTheRequest() {
        GatewayException throttled = new GatewayException(ErrorKind.THROTTLED, "slow down");

        StepVerifier.create(adapter.embed(request(List.of("a", "b"), null), TITAN, body -> Mono.error(throttled)))
                .expectErrorMatches(error -> error == throttled)
                .verify();
    }

    @Test
    void theCatalogMapsTheModelIdToThisFamily() {
        assertThat(ModelFamily.fromModelId("amazon.titan-embed-text-v2:0")).isEqualTo(adapter.family());
        assertThat(ModelCatalog.of(List.of(TITAN)).resolve("us.amazon.titan-embed-text-v2:0").family())
                .isEqualTo(ModelFamily.TITAN_EMBED);
    }
}
