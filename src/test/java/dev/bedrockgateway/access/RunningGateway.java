package dev.bedrockgateway.access;

import dev.bedrockgateway.BedrockGatewayApplication;
import dev.bedrockgateway.GatewayHttpTest.Answer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A gateway of its own, in its own application context on a random port with the embedded emulator, for tests that
 * run several replicas side by side; driven over real HTTP.
 */
final class RunningGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts a gateway with these settings ({@code --name=value}) on top of the emulator and a random port. */
    static RunningGateway start(String... settings) {
        List<String> args = new ArrayList<>(List.of("--gateway.backend=emulator", "--server.port=0",
                "--server.address=127.0.0.1", "--gateway.warmup.enabled=false"));
        args.addAll(List.of(settings));
        return new RunningGateway(new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .run(args.toArray(String[]::new)));
    }

    /** Skips the calling test, saying why, when nothing listens at {@code port} on this machine. */
    static void assumeListening(int port, String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        } catch (Exception unreachable) {
            Assumptions.abort("No " + what + " on 127.0.0.1:" + port + " (" + unreachable.getMessage()
                    + "): not tested here");
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    Answer send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers(), response.body());
    }

    @Override
    public void close() {
        context.close();
    }
}
