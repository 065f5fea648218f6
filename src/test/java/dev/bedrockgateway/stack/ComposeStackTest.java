package dev.bedrockgateway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Brings up docker-compose.yml (the gateway's image built from source by its Dockerfile, Prometheus, Grafana)
 * and checks that Prometheus scrapes the gateway. Runs where a Docker engine is (GitHub Actions); skipped, and
 * reported as skipped, where none is.
 */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("docker compose stack (skipped without a Docker engine: Testcontainers needs one to start the stack)")
class ComposeStackTest {

    @Container
    static final ComposeContainer STACK = new ComposeContainer(new File("docker-compose.yml"))
            .withBuild(true)
            .withExposedService("gateway", 8080, Wait.forHttp("/actuator/health").forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)))
            .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200));

    @Test
    @DisplayName("Prometheus scrapes the gateway and sees it up")
    void prometheusScrapesTheGateway() {
        URI query = URI.create("http://" + STACK.getServiceHost("prometheus", 9090) + ":"
                + STACK.getServicePort("prometheus", 9090) + "/api/v1/query?query=up%7Bjob%3D%22bedrock-gateway%22%7D");
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(query).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).contains("\"job\":\"bedrock-gateway\"").contains("\"1\"]");
        });
    }
}
