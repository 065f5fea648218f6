package dev.bedrockgateway.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.EmbeddingInputType;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.provider.GoldenFiles;
import dev.bedrockgateway.provider.NativeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class CohereEmbedAdapterTest {

    static final ModelSpec COHERE = new ModelSpec("cohere-embed-english-v3", "cohere.embed-english-v3",
            ModelFamily.COHERE_EMBED, "cohere", Task.EMBED, false, 512, 4096, Price.FREE);

    private final CohereEmbedAdapter adapter = new CohereEmbedAdapter();

    static EmbeddingRequest request(List<String> inputs, EmbeddingInputType type) {
        return new EmbeddingRequest(inputs, null, type, null, null, RequestMetadata.NONE);
    }

    @Test
    void embedsTextsAsDocumentsWhenTheCallerSaysNothing() {
        List<String> texts = List.of("first document", "second document");
        GoldenFiles.assertMatches(adapter.requestBody(texts, request(texts, null)),
                "bedrock/cohere-embed/documents.request.json");
    }

    @Test
    void passesTheCallersInputType() {
        List<String> texts = List.of("where is the fox?");
        GoldenFiles.assertMatches(adapter.requestBody(texts, request(texts, EmbeddingInputType.SEARCH_QUERY)),
                "bedrock/cohere-embed/query.request.json");
    }

    @Test
    void readsTheVectorsAndTakesTheTokensFromTheHeader() {
        EmbeddingResult result = adapter.parseResponse(GoldenFiles.json("bedrock/cohere-embed/floats.response.json"),
                new InvokeResult(new byte[0], 4, 0), COHERE, 2);

        assertThat(result.vectors()).containsExactly(new float[] {0.5f, -0.5f}, new float[] {0.25f, 0.75f});
        assertThat(result.usage().inputTokens()).isEqualTo(4);
    }

    @Test
    void anAnswerWithAnotherNumberOfVectorsIsAnUpstreamError() {
        assertThatThrownBy(() -> adapter.parseResponse(GoldenFiles.json("bedrock/cohere-embed/floats.response.json"),
                new InvokeResult(new byte[0], 4, 0), COHERE, 3))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void anAnswerOfAnotherEmbeddingTypeIsAnUpstreamError() {
        assertThatThrownBy(() -> adapter.parseResponse(GoldenFiles.json("bedrock/cohere-embed/by-type.response.json"),
                new InvokeResult(new byte[0], 4, 0), COHERE, 2))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void sendsAtMost96TextsPerCallAndAnswersInTheInputsOrder() {
        List<String> inputs = IntStream.range(0, 200).mapToObj(i -> "text " + i).toList();
        List<Integer> batchSizes = new ArrayList<>();

        StepVerifier.create(adapter.embed(request(inputs, null), COHERE, body -> {
                    JsonNode texts = NativeJson.MAPPER.readTree(body).get("texts");
                    synchronized (batchSizes) {
                        batchSizes.add(texts.size());
                    }
                    ObjectNode answer = NativeJson.object().put("response_type", "embeddings_floats");
                    ArrayNode embeddings = answer.putArray("embeddings");
                    texts.forEach(text -> embeddings.addArray()
                            .add(Float.parseFloat(text.asString().substring("text ".length()))));
                    return Mono.just(new InvokeResult(NativeJson.bytes(answer), texts.size() * 2, 0));
                }))
                .assertNext(result -> {
                    assertThat(result.vectors()).extracting(vector -> vector[0])
                            .containsExactly(IntStream.range(0, 200).mapToObj(i -> (float) i).toArray(Float[]::new));
                    assertThat(result.usage().inputTokens()).isEqualTo(400);
                })
                .verifyComplete();
        assertThat(batchSizes).containsExactlyInAnyOrder(96, 96, 8);
    }

    @Test
    void theCatalogMapsBothModelIdsToThisFamily() {
        assertThat(ModelFamily.fromModelId("cohere.embed-english-v3")).isEqualTo(adapter.family());
        assertThat(ModelFamily.fromModelId("cohere.embed-multilingual-v3")).isEqualTo(adapter.family());
    }
}
