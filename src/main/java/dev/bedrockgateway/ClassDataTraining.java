package dev.bedrockgateway;

import dev.bedrockgateway.emulator.BedrockEmulator;
import dev.bedrockgateway.emulator.EmulatorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The training run behind the gateway's class-data-sharing archive: starts the gateway the way it runs in
 * production (backend {@code bedrock}, here pointed at a Bedrock emulator on a free loopback port), sends it the
 * common requests, and stops. Run under {@code -XX:ArchiveClassesAtExit=FILE}, the JVM then writes every class
 * those requests needed into FILE, and a gateway started with {@code -XX:SharedArchiveFile=FILE} maps them instead
 * of loading and verifying them again. {@code mvn package} runs it (see the pom and the README, "Run the packaged
 * gateway"); the Dockerfile runs it in the runtime image, because an archive only fits the JVM that wrote it.
 *
 * <p>Exits 0 when every request was answered as expected, 1 otherwise (the archive is still written, but a
 * training run that failed half-way would leave classes out, so the build treats it as an error).
 */
public final class ClassDataTraining {

    /** Each request is sent this often, so the JIT sees the hot paths a few times too (it costs milliseconds). */
    private static final int ROUNDS = 3;

    private static final String JSON = "application/json";

    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        int status = run() ? 0 : 1;
        System.exit(status);
    }

    private static boolean run() {
        BedrockEmulator emulator = new BedrockEmulator(EmulatorSettings.defaults().withHost("127.0.0.1")).start();
        // the Bedrock client signs requests; the emulator accepts any key, and nothing here reaches AWS
        System.setProperty("aws.accessKeyId", "class-data-training");
        System.setProperty("aws.secretAccessKey", "class-data-training");
        try (ConfigurableApplicationContext gateway = BedrockGatewayApplication.start(new String[] {
                "--server.port=0", "--server.address=127.0.0.1",
                "--gateway.backend=bedrock", "--gateway.bedrock.region=us-east-1",
                "--gateway.bedrock.endpoint=" + emulator.endpoint(),
                // the build's output shows warnings and this run's own lines, not thirty access-log lines
                "--logging.threshold.console=WARN"})) {
            URI base = URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"));
            return sendAll(base);
        } finally {
            emulator.stop();
        }
    }

    private static boolean sendAll(URI base) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int failed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (Call call : CALLS) {
                failed += call.send(http, base) ? 0 : 1;
            }
        }
        System.out.printf("class-data training: %d requests, %d answered as expected%n",
                ROUNDS * CALLS.size(), ROUNDS * CALLS.size() - failed);
        return failed == 0;
    }

    /** One request and the status it must get. */
    private record Call(String method, String path, String body, int expectedStatus) {

        /** Sends the request on a kept-alive connection; true when it got the expected status. */
        boolean send(HttpClient http, URI base) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == expectedStatus) {
                    return true;
                }
                System.err.printf("class-data training: %s %s answered %d, expected %d: %s%n",
                        method, path, response.statusCode(), expectedStatus, response.body());
            } catch (HttpTimeoutException e) {
                System.err.printf("class-data training: %s %s got no answer within 10 s%n", method, path);
            } catch (IOException e) {
                System.err.printf("class-data training: %s %s failed: %s%n", method, path, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                System.err.printf("class-data training: %s %s interrupted%n", method, path);
            }
            return false;
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call("POST", "/v1/generate",
                    "{\"model\":\"llama3-8b\",\"prompt\":\"Say hello.\",\"parameters\":{\"max_tokens\":16}}", 200),
            new Call("POST", "/v1/generate",
                    "{\"model\":\"claude-3-haiku\",\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Hello\"}],\"stream\":true}", 200),
            new Call("POST", "/v1/generate", "{\"model\":\"titan-text-express\",\"prompt\":\"Hello\"}", 200),
            new Call("POST", "/v1/generate", "{\"model\":\"no-such-model\",\"prompt\":\"Hello\"}", 404),
            new Call("POST", "/v1/chat/completions",
                    "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
                            + "\"max_tokens\":16}", 200),
            new Call("POST", "/v1/chat/completions",
                    "{\"model\":\"mistral-large\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                            + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}", 200),
            new Call("POST", "/v1/embeddings",
                    "{\"model\":\"titan-embed-text-v2\",\"input\":[\"first\",\"second\"],\"dimensions\":256}", 200),
            new Call("GET", "/v1/models", null, 200),
            new Call("GET", "/actuator/health", null, 200),
            new Call("GET", "/actuator/prometheus", null, 200));
}
