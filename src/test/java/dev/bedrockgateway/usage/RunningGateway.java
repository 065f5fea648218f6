package dev.bedrockgateway.usage;

import dev.bedrockgateway.BedrockGatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole gateway started by a test on a free port, on the embedded emulator, so that the test can stop it and start
 * another on the same stores (a restart); with the admin calls the tests make.
 */
final class RunningGateway implements AutoCloseable {

    static final String ADMIN_KEY = "admin-secret-for-spend-tests";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    /** An HTTP answer. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    RunningGateway(Map<String, String> settings) {
        // As arguments, which win over application.yml (its server.port would otherwise beat a default property).
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--gateway.backend=emulator",
                "--gateway.bedrock.max-attempts=1", "--gateway.warmup.enabled=false", "--gateway.auth.mode=keys",
                "--gateway.admin.key=" + ADMIN_KEY));
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        this.context = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .run(arguments.toArray(String[]::new));
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** A model API call with an API key. */
    Answer call(String path, String key, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer get(String path, String key) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key).GET().build());
    }

    /** An admin call that must succeed. */
    JsonNode admin(String method, String path, String body) throws Exception {
        Answer answer = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + ": " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Answer send(HttpRequest request) throws Exception {
        HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> response = HTTP.send(bounded, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** The sum of a metric's samples in the Prometheus scrape whose line contains {@code labels} (0 when none). */
    double scrape(String metric, String labels) throws Exception {
        return java.util.Arrays.stream(get("/actuator/prometheus", "").body().split("\n"))
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Stops the gateway as a deploy would: its ledger's last rows are written, its pools closed. */
    @Override
    public void close() {
        context.close();
    }
}
