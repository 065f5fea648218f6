package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Embeddings over plain HTTP: the native {@code /v1/embed}, OpenAI's wire details, errors, routing and guards. */
class EmbeddingsHttpTest extends GatewayHttpTest {

    @Test
    void theNativeApiAnswersVectorsInOrderWithUsageCostAndTheGatewayHeaders() throws Exception {
        Answer answer = post("/v1/embed", """
                {"model":"cohere-embed-english-v3","input":["two words","three more words"],"input_type":"search_query"}""");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.get("alias").asString()).isEqualTo("cohere-embed-english-v3");
        assertThat(body.get("model").asString()).isEqualTo("cohere.embed-english-v3");
        assertThat(body.get("embeddings")).hasSize(2).allSatisfy(vector -> assertThat(vector).hasSize(1024));
        assertThat(body.get("dimensions").asInt()).isEqualTo(1024);
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(5);
        assertThat(body.get("cost_usd").decimalValue()).isEqualByComparingTo("0.0000005");
        assertThat(body.get("route").get("name").asString()).isEqualTo("direct");
        assertThat(answer.header("X-Gateway-Model")).isEqualTo("cohere-embed-english-v3");
        assertThat(answer.header("X-Gateway-Route")).isEqualTo("direct");
        assertThat(answer.header("X-Gateway-Overhead-Ms")).isNotBlank();
        assertThat(answer.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void aRequestThatNamesNoModelGoesToTheCatalogsFirstEmbeddingModel() throws Exception {
        Answer answer = post("/v1/embeddings", "{\"input\":\"route me\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Gateway-Route")).isEqualTo("catalog-embed");
        assertThat(answer.json().get("model").asString()).isEqualTo("titan-embed-text-v2");
        assertThat(answer.json().get("object").asString()).isEqualTo("list");
        assertThat(answer.json().get("data").get(0).get("object").asString()).isEqualTo("embedding");
    }

    @Test
    void aChatRouteIsABadRequestForEmbeddings() throws Exception {
        Answer answer = post("/v1/embeddings", "{\"model\":\"route:chat\",\"input\":\"a\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").get("message").asString()).contains("Route chat serves chat requests");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"titan-embed-text-v2\",\"input\":[]}                                | input is an empty list",
            "{\"model\":\"titan-embed-text-v2\",\"input\":\"\"}                              | input is an empty string",
            "{\"model\":\"titan-embed-text-v2\",\"input\":[\"a\",\"\"]}                      | input[1] is empty",
            "{\"model\":\"titan-embed-text-v2\"}                                             | input is required",
            "{\"model\":\"titan-embed-text-v2\",\"input\":[[1,2],[3]]}                        | token ids",
            "{\"model\":\"titan-embed-text-v2\",\"input\":[\"a\",7]}                          | token ids",
            "{\"model\":\"titan-embed-text-v2\",\"input\":\"a\",\"encoding_format\":\"int8\"} | encoding_format 'int8'",
            "{\"model\":\"titan-embed-text-v2\",\"input\":\"a\",\"dimensions\":0}             | dimensions must be greater than 0",
            "{\"model\":\"cohere-embed-english-v3\",\"input\":\"a\",\"input_type\":\"query\"} | input_type 'query'",
            "{\"model\":\"titan-embed-text-v2\",\"input\":\"a\",\"temperature\":1}            | Unknown field 'temperature'"})
    void badEmbeddingRequestsAreRefusedInOpenAisShape(String body, String expected) throws Exception {
        Answer answer = post("/v1/embeddings", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(answer.json().get("error").get("message").asString()).contains(expected);
    }

    @Test
    void tooManyInputsAreRefusedNamingTheLimit() throws Exception {
        String inputs = String.join(",", Collections.nCopies(2049, "\"a\""));

        Answer answer = post("/v1/embeddings", "{\"model\":\"cohere-embed-english-v3\",\"input\":[" + inputs + "]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").get("message").asString()).contains("at most 2048");
    }

    @Test
    void anInputOverTheModelsLimitIsRefusedBeforeAnyCall() throws Exception {
        Answer answer = post("/v1/embeddings",
                "{\"model\":\"cohere-embed-english-v3\",\"input\":[\"ok\",\"" + "x".repeat(2049) + "\"]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").get("message").asString())
                .contains("2049 characters").contains("at most 2048 characters");
        assertThat(emulator.calls("cohere.embed-english-v3")).isZero();
    }

    @Test
    void theNativeApiRefusesInProblemJson() throws Exception {
        Answer answer = post("/v1/embed", "{\"model\":\"titan-embed-text-v2\",\"input\":[\"a\"],\"dimensions\":100}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("dimensions 100").contains("256, 512, 1024");
    }

    @Test
    void embeddingModelsDoNotChat() throws Exception {
        Answer answer = post("/v1/chat/completions",
                "{\"model\":\"titan-embed-text-v2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").get("message").asString()).contains("serves embed requests");
    }

    @Test
    void aThrottledEmbeddingModelIsRetriedThenAnswers429() throws Exception {
        fault("amazon.titan-embed-text-v2:0", "throttling", 1.0);

        Answer answer = post("/v1/embeddings", "{\"model\":\"titan-embed-text-v2\",\"input\":\"a\"}");

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.json().get("error").get("type").asString()).isEqualTo("rate_limit_error");
        // the guard's retry: three attempts of the one call
        assertThat(emulator.calls("amazon.titan-embed-text-v2:0")).isEqualTo(3L);
    }

    @Test
    void theModelListShowsWhatEmbeddingModelsMake() throws Exception {
        JsonNode titan = get("/v1/models/titan-embed-text-v2").json();
        JsonNode cohere = get("/v1/models/cohere.embed-multilingual-v3").json();

        assertThat(titan.get("task").asString()).isEqualTo("embed");
        assertThat(titan.get("modalities").get("output").get(0).asString()).isEqualTo("embedding");
        assertThat(titan.get("dimensions").toString()).isEqualTo("[256,512,1024]");
        assertThat(titan.get("default_dimensions").asInt()).isEqualTo(1024);
        assertThat(titan.get("pricing").get("input_per_1k_tokens").asDouble()).isEqualTo(0.00002);
        assertThat(cohere.get("family").asString()).isEqualTo("cohere-embed");
        assertThat(cohere.get("dimensions").toString()).isEqualTo("[1024]");
    }
}
