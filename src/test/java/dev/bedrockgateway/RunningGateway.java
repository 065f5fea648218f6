package dev.bedrockgateway;

import dev.bedrockgateway.GatewayHttpTest.Answer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A whole gateway of its own, in its own application context on a random port with the embedded emulator, driven over
 * real HTTP: for tests that run several replicas side by side, or stop one and start another on the same stores (a
 * restart).
 */
public final class RunningGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** A gateway that never answers must fail the test, not hang the build. */
    private static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(20);

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * Starts a gateway with these settings ({@code --name=value}) on top of the emulator, one SDK attempt, no warm-up
     * and a random port, any of which a setting may change.
     */
    public static RunningGateway start(String... settings) {
        // As arguments, which win over application.yml (its server.port would otherwise beat a default property);
        // one value per name, since a name given twice would be read as both values joined by a comma.
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String setting : new String[] {"--gateway.backend=emulator", "--server.port=0",
                "--server.address=127.0.0.1", "--gateway.warmup.enabled=false", "--gateway.bedrock.max-attempts=1"}) {
            arguments.put(setting.substring(0, setting.indexOf('=')), setting);
        }
        for (String setting : settings) {
            arguments.put(setting.substring(0, setting.indexOf('=')), setting);
        }
        return new RunningGateway(new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .run(arguments.values().toArray(String[]::new)));
    }

    /** Skips the calling test, saying why, when nothing listens at {@code port} on this machine. */
    public static void assumeListening(int port, String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (Exception unreachable) {
            Assumptions.abort("No " + what + " on 127.0.0.1:" + port + " (" + unreachable.getMessage()
                    + "): not tested here");
        }
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The base URL an OpenAI SDK is given. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** A call with an API key (or none, when {@code bearer} is null) and a JSON body (or none, when null). */
    public Answer send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    public Answer send(HttpRequest request) throws Exception {
        HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true).timeout(ANSWER_TIME_LIMIT).build();
        HttpResponse<String> response = HTTP.send(bounded, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    /** A model API call (POST) with an API key. */
    public Answer call(String path, String key, String body) throws Exception {
        return send("POST", path, key, body);
    }

    public Answer get(String path, String key) throws Exception {
        return send("GET", path, key, null);
    }

    /** The admin key this gateway was started with ({@code gateway.admin.key}). */
    public String adminKey() {
        return context.getEnvironment().getProperty("gateway.admin.key");
    }

    /** An admin API call with this gateway's admin key, which must succeed; its answer's JSON. */
    public JsonNode admin(String method, String path, String body) throws Exception {
        Answer answer = send(method, path, adminKey(), body);
        if (answer.status() / 100 != 2) {
            throw new AssertionError(method + " " + path + ": " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    /** The sum of a metric's samples in the Prometheus scrape whose line contains {@code labels} (0 when none). */
    public double scrape(String metric, String labels) throws Exception {
        return Arrays.stream(get("/actuator/prometheus", null).body().split("\n"))
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
