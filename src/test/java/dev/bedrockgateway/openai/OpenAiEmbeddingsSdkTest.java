package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/embeddings} through the official openai-java client, with only its base URL changed. */
class OpenAiEmbeddingsSdkTest extends OpenAiClientTest {

    private CreateEmbeddingResponse embed(EmbeddingCreateParams.Builder params) {
        return client.embeddings().create(params.build());
    }

    private static double norm(List<Float> vector) {
        return Math.sqrt(vector.stream().mapToDouble(value -> value * value).sum());
    }

    @Test
    void titanHonoursTheDimensionsAndAnswersUnitVectors() {
        CreateEmbeddingResponse response = embed(EmbeddingCreateParams.builder()
                .model("titan-embed-text-v2").input("The quick brown fox").dimensions(256)
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT));

        assertThat(response.model()).isEqualTo("titan-embed-text-v2");
        assertThat(response.data()).hasSize(1);
        List<Float> vector = response.data().get(0).embedding();
        assertThat(vector).hasSize(256);
        assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        assertThat(response.usage().promptTokens()).isEqualTo(4);
        assertThat(response.usage().totalTokens()).isEqualTo(4);
    }

    @Test
    void theSameTextGetsTheSameVectorAndAnotherTextAnotherOne() {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model("amazon.titan-embed-text-v2:0")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT);

        List<Embedding> data = embed(params.inputOfArrayOfStrings(List.of("same text", "other text", "same text")))
                .data();

        assertThat(data).extracting(Embedding::index).containsExactly(0L, 1L, 2L);
        assertThat(data.get(2).embedding()).isEqualTo(data.get(0).embedding());
        assertThat(data.get(1).embedding()).isNotEqualTo(data.get(0).embedding()).hasSize(1024);
    }

    @Test
    void cohereEmbedsManyInputsInTheirOrder() {
        List<String> inputs = java.util.stream.IntStream.range(0, 100).mapToObj(i -> "text number " + i).toList();

        CreateEmbeddingResponse response = embed(EmbeddingCreateParams.builder().model("cohere-embed-english-v3")
                .inputOfArrayOfStrings(inputs).encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT));
        CreateEmbeddingResponse fortySecond = embed(EmbeddingCreateParams.builder().model("cohere-embed-english-v3")
                .input("text number 42").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT));

        assertThat(response.data()).hasSize(100).allSatisfy(item -> assertThat(item.embedding()).hasSize(1024));
        assertThat(response.data().get(42).embedding()).isEqualTo(fortySecond.data().get(0).embedding());
        // three words per text, counted by Bedrock's header over two calls (96 + 4 texts); one more call for text 42
        assertThat(response.usage().promptTokens()).isEqualTo(300);
        assertThat(emulator.calls("cohere.embed-english-v3")).isEqualTo(3L);
    }

    @Test
    void base64VectorsAreDecodedByTheSdkToTheSameFloats() {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model("titan-embed-text-v2")
                .input("encode me").dimensions(512);

        Embedding asBase64 = embed(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64)).data().get(0);
        Embedding asFloats = embed(params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)).data().get(0);

        assertThat(asBase64.embeddingValue().isBase64()).isTrue();
        assertThat(asBase64.embedding()).hasSize(512).isEqualTo(asFloats.embedding());
    }

    @Test
    void theInputTypeTravelsAsAnExtraBodyField() {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder().model("cohere-embed-multilingual-v3")
                .input("fox").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT);

        List<Float> document = embed(params).data().get(0).embedding();
        List<Float> query = embed(params.putAdditionalBodyProperty("input_type", JsonValue.from("search_query")))
                .data().get(0).embedding();

        assertThat(query).isNotEqualTo(document);
    }

    @Test
    void dimensionsAModelDoesNotMakeAreABadRequest() {
        assertThatThrownBy(() -> embed(EmbeddingCreateParams.builder().model("titan-embed-text-v2").input("a")
                .dimensions(300)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("dimensions 300").contains("256, 512, 1024"));
        assertThatThrownBy(() -> embed(EmbeddingCreateParams.builder().model("cohere-embed-english-v3").input("a")
                .dimensions(256)))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("1024 dimensions"));
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThatThrownBy(() -> embed(EmbeddingCreateParams.builder().model("text-embedding-3-small").input("a")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.getMessage())
                        .contains("text-embedding-3-small"));
    }

    @Test
    void aChatModelIsABadRequestForEmbeddings() {
        assertThatThrownBy(() -> embed(EmbeddingCreateParams.builder().model("llama3-8b").input("a")))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("llama3-8b serves chat"));
    }

    @Test
    void tokenIdsAreABadRequest() {
        assertThatThrownBy(() -> embed(EmbeddingCreateParams.builder().model("titan-embed-text-v2")
                .inputOfArrayOfTokens(List.of(1L, 2L, 3L))))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.getMessage())
                        .contains("token ids"));
    }

    @Test
    void theMetricsCountTheEmbeddingRequestUnderItsModel() throws Exception {
        embed(EmbeddingCreateParams.builder().model("titan-embed-text-v2").input("count me please"));

        String scrape = get("/actuator/prometheus").body();

        assertThat(sample(scrape, "gateway_requests_total", "model=\"titan-embed-text-v2\"", "outcome=\"ok\"",
                "api=\"openai\"")).isPositive();
        assertThat(sample(scrape, "gateway_tokens_total", "model=\"titan-embed-text-v2\"", "direction=\"input\""))
                .isGreaterThanOrEqualTo(3);
        assertThat(sample(scrape, "gateway_cost_usd_total", "model=\"titan-embed-text-v2\"")).isPositive();
    }

    /** The value of the first sample of a metric whose labels include all the given ones, or -1. */
    private static double sample(String scrape, String metric, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(metric + "{"))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .map(line -> line.split(Pattern.quote("} "))[1].trim())
                .mapToDouble(Double::parseDouble)
                .findFirst().orElse(-1);
    }
}
