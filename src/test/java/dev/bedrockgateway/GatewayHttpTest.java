package dev.bedrockgateway;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.emulator.BedrockEmulator;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.routing.LatencyTracker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of tests that drive the gateway over real HTTP on a random port, with the embedded emulator
 * behind the real AWS SDK client. All such tests share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=emulator",
        // One SDK attempt, so an injected fault reaches the gateway at once instead of after a back-off.
        "gateway.bedrock.max-attempts=1",
        "gateway.limits.max-body-size=256KB",
        // Retries keep their shape but not their wait, so tests of throttling stay fast.
        "gateway.resilience.defaults.retry-backoff=5ms",
        "gateway.resilience.defaults.retry-max-backoff=10ms"
})
public abstract class GatewayHttpTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            // Plain HTTP/1.1, as curl sends it: the JDK's default HTTP/2 would try an h2c upgrade on every connection.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected BedrockEmulator emulator;

    @Autowired
    protected ModelGuards guards;

    @Autowired
    protected ActiveRouteTable tables;

    /** The catalog of the route table in force. */
    protected ModelCatalog catalog() {
        return tables.current().catalog();
    }

    @Autowired
    protected LatencyTracker latencies;

    /**
     * Each test starts with no latency observed: neither the warm-up's calls nor an earlier test's slowed-down model
     * may steer the fastest strategy.
     */
    @BeforeEach
    void forgetLatencies() {
        latencies.clear();
    }

    /** Tests share one gateway: each leaves no fault, no open circuit and no call count behind. */
    @AfterEach
    void resetEmulatorAndCircuits() throws Exception {
        send(HttpRequest.newBuilder(emulator.endpoint().resolve("/emulator/faults")).DELETE().build());
        catalog().models().forEach(model -> guards.forDeployments(model).forEach(guard -> guard.breaker().reset()));
        emulator.resetCalls();
    }

    /** An HTTP answer with its body parsed as JSON (or null when it is not JSON). */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    protected Answer post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(gateway(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    protected Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(gateway(path)).GET().build());
    }

    protected URI gateway(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected Answer send(HttpRequest request) throws Exception {
        // A gateway that never answers must fail the test, not hang the build.
        HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true).timeout(ANSWER_TIME_LIMIT).build();
        HttpResponse<String> response = HTTP.send(bounded, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** Makes the emulator fail calls to one model, through its admin API as an operator would. */
    protected void fault(String modelId, String error, double rate) throws Exception {
        fault(modelId, error, rate, 0);
    }

    /** Makes the emulator fail calls to one model and answer them late by {@code latencyMs}. */
    protected void fault(String modelId, String error, double rate, long latencyMs) throws Exception {
        URI uri = emulator.endpoint().resolve("/emulator/faults/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8));
        // HTTP/1.1: the emulator also speaks h2c, and refuses (413) an h2c upgrade that carries a body, which is what
        // the JDK client tries on a fresh connection, e.g. the first fault of a test class with a context of its own.
        Answer answer = send(HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"error\":\"" + error + "\",\"rate\":" + rate + ",\"latency_ms\":" + latencyMs + "}"))
                .build());
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("emulator refused the fault: " + answer.status() + " " + answer.body());
        }
    }
}
