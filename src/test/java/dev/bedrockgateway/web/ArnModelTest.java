package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Models named by an ARN that hides which model it is: the catalog's family decides the native format. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=emulator",
        "GATEWAY_CONFIG=src/test/resources/catalogs/arn-models.yml"
})
class ArnModelTest {

    private static final String PROVISIONED = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefgh1234";

    @LocalServerPort
    int port;

    @Test
    void callsAProvisionedModelByItsArnAndByItsAlias() throws Exception {
        for (String name : new String[] {PROVISIONED, "my-provisioned-llama"}) {
            JsonNode answer = generate("{\"model\":\"" + name + "\",\"prompt\":\"Hello ARN\"}");

            assertThat(answer.get("model").asString()).isEqualTo(PROVISIONED);
            assertThat(answer.get("provider").asString()).isEqualTo("meta");
            assertThat(answer.at("/output/text").asString()).contains("Hello ARN");
        }
    }

    @Test
    void callsACustomModelWithTheFamilyTheCatalogGives() throws Exception {
        JsonNode answer = generate("{\"model\":\"my-custom-claude\",\"system\":\"Be brief.\",\"prompt\":\"Hi custom\"}");

        assertThat(answer.get("alias").asString()).isEqualTo("my-custom-claude");
        assertThat(answer.at("/output/text").asString()).contains("Hi custom");
        assertThat(answer.at("/usage/input_tokens").asInt()).isPositive();
    }

    private JsonNode generate(String body) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/generate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body());
    }
}
