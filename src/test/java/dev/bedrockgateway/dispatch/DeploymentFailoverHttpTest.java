package dev.bedrockgateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.telemetry.AccessLogCapture;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two emulated regions behind one model, over real HTTP and the real AWS SDK: each deployment's client signs for its
 * own region, and the emulator applies the fault plan of the region in the call's SigV4 credential scope
 * ({@code Credential=AKID/20261205/us-west-2/bedrock/aws4_request}; IAM user guide, "Authentication methods",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-authentication-methods.html).
 */
@TestPropertySource(properties = {
        "GATEWAY_CONFIG=src/test/resources/catalogs/two-regions.yml",
        "gateway.resilience.defaults.sliding-window-size=4",
        "gateway.resilience.defaults.minimum-calls=4",
        "gateway.resilience.defaults.failure-rate-threshold=50",
        // open for the whole test: once open, the region is tried last and so not at all while the other answers
        "gateway.resilience.defaults.wait-in-open=10m",
        "gateway.resilience.defaults.retry-attempts=1"
})
class DeploymentFailoverHttpTest extends GatewayHttpTest {

    private static final String LLAMA_8B = "meta.llama3-8b-instruct-v1:0";
    private static final String REQUEST = "{\"model\":\"pooled-llama\",\"prompt\":\"Hi\"}";
    private static final int REQUESTS = 40;

    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    @Test
    void answersEveryRequestFromTheOtherRegionWhenOneRegionIsDown() throws Exception {
        String eastOk = "gateway_attempts_total{deployment=\"east\",model=\"pooled-llama\",outcome=\"ok\"}";
        String westFailed = "gateway_attempts_total{deployment=\"west\",model=\"pooled-llama\","
                + "outcome=\"upstream_error\"}";
        double eastOkBefore = metric(eastOk);
        double westFailedBefore = metric(westFailed);
        regionFault("us-west-2", LLAMA_8B, "{\"error\":\"unavailable\",\"rate\":1.0}");

        List<JsonNode> attempts = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Answer answer = post("/v1/generate", REQUEST);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("alias").asString()).isEqualTo("pooled-llama");
            JsonNode tries = answer.json().at("/route/attempts");
            JsonNode last = tries.get(tries.size() - 1);
            assertThat(last.get("deployment").asString()).as(answer.body()).isEqualTo("east");
            assertThat(last.get("outcome").asString()).isEqualTo("ok");
            tries.forEach(attempts::add);
        }

        List<JsonNode> west = attempts.stream().filter(a -> a.get("deployment").asString().equals("west")).toList();
        // the balance sends about half the first requests to west first, until its circuit opens after 4 failures
        assertThat(west).as("west was tried, and failed every time").isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("outcome").asString()).isEqualTo("upstream_error"));
        assertThat(west).hasSize(4);
        assertThat(attempts).filteredOn(a -> a.get("deployment").asString().equals("east"))
                .hasSize(REQUESTS).allSatisfy(a -> assertThat(a.get("model").asString()).isEqualTo("pooled-llama"));

        assertThat(metric(eastOk) - eastOkBefore).isEqualTo(REQUESTS);
        assertThat(metric(westFailed) - westFailedBefore).isEqualTo(4.0);
        assertThat(get("/actuator/prometheus").body()).contains("resilience4j_circuitbreaker_state{deployment=\"west\","
                + "model=\"pooled-llama\",name=\"pooled-llama@west\",state=\"open\"} 1.0");
        assertThat(accessLog.lines()).filteredOn(line -> line.getFormattedMessage().contains("pooled-llama"))
                .hasSize(REQUESTS).allSatisfy(line -> assertThat(line.getFormattedMessage())
                        .contains("\"model\":\"pooled-llama\",\"deployment\":\"east\""));

        JsonNode model = get("/v1/models/pooled-llama").json();
        assertThat(model.get("circuit").asString()).as("one region still serves").isEqualTo("closed");
        JsonNode deployments = model.get("deployments");
        assertThat(deployments).hasSize(2);
        assertThat(deployments.get(0).get("name").asString()).isEqualTo("east");
        assertThat(deployments.get(0).get("region").asString()).isEqualTo("us-east-1");
        assertThat(deployments.get(0).get("circuit").asString()).isEqualTo("closed");
        assertThat(deployments.get(1).get("name").asString()).isEqualTo("west");
        assertThat(deployments.get(1).get("region").asString()).isEqualTo("us-west-2");
        assertThat(deployments.get(1).get("circuit").asString()).isEqualTo("open");
    }

    @Test
    void movesToTheNextModelOnlyWhenEveryRegionOfTheModelFailed() throws Exception {
        regionFault("us-west-2", LLAMA_8B, "{\"error\":\"unavailable\",\"rate\":1.0}");
        regionFault("us-east-1", LLAMA_8B, "{\"error\":\"throttling\",\"rate\":1.0}");

        Answer answer = post("/v1/generate", "{\"route\":\"chat\",\"prompt\":\"Hi\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("alias").asString()).isEqualTo("claude-3-haiku");
        JsonNode tries = answer.json().at("/route/attempts");
        assertThat(tries).hasSize(3);
        assertThat(List.of(tries.get(0).get("deployment").asString(), tries.get(1).get("deployment").asString()))
                .containsExactlyInAnyOrder("east", "west");
        assertThat(tries.get(0).get("model").asString()).isEqualTo("pooled-llama");
        assertThat(tries.get(1).get("model").asString()).isEqualTo("pooled-llama");
        assertThat(tries.get(2).get("model").asString()).isEqualTo("claude-3-haiku");
        assertThat(tries.get(2).get("deployment").asString()).isEqualTo("default");
    }

    @Test
    void aRegionsFaultPlanLeavesTheOtherRegionsAlone() throws Exception {
        regionFault("us-west-2", "*", "{\"error\":\"unavailable\",\"rate\":1.0}");

        JsonNode plans = send(HttpRequest.newBuilder(emulator.endpoint().resolve("/emulator/regions/us-west-2/faults"))
                .GET().build()).json();
        assertThat(plans.get("region").asString()).isEqualTo("us-west-2");
        assertThat(plans.at("/faults/*/error").asString()).isEqualTo("unavailable");
        // the gateway's own client signs for us-east-1 (the emulator's region when none is set)
        Answer haiku = post("/v1/generate", "{\"model\":\"claude-3-haiku\",\"prompt\":\"Hi\"}");
        assertThat(haiku.status()).as(haiku.body()).isEqualTo(200);
    }

    private void regionFault(String region, String modelId, String plan) throws Exception {
        Answer set = send(HttpRequest.newBuilder(emulator.endpoint()
                        .resolve("/emulator/regions/" + region + "/faults/" + modelId))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(plan)).build());
        assertThat(set.status()).as(set.body()).isEqualTo(200);
    }

    /** The value of one time series in a real scrape of {@code /actuator/prometheus}, 0 when absent. */
    private double metric(String series) throws Exception {
        return get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }
}
