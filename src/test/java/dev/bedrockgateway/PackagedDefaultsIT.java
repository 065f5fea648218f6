package dev.bedrockgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, started as a user starts it ({@code java -jar}, after {@code mvn package}), asks for API keys
 * unless told otherwise: with no key store it refuses to start and says what to set; with PostgreSQL it starts with
 * keys on; with {@code GATEWAY_AUTH_MODE=none} it runs open. The same defaults hold for the image, which runs this
 * jar.
 */
class PackagedDefaultsIT {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final String GENERATE = "{\"model\":\"llama3-8b\",\"prompt\":\"Hello\"}";

    @Test
    void withoutAKeyStoreTheJarRefusesToStartAndSaysWhatToSet() throws Exception {
        Launched gateway = launch(Map.of());

        boolean exited = gateway.process.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
        String printed = gateway.output();
        gateway.stop();

        assertThat(exited).as("the jar stopped by itself; it printed:%n%s", printed).isTrue();
        assertThat(gateway.process.exitValue()).as("exit status").isNotZero();
        assertThat(printed).contains("APPLICATION FAILED TO START")
                .contains("gateway.auth.mode = keys: API keys need a key store")
                .contains("gateway.store.postgres.url").contains("gateway.auth.mode=none");
    }

    @Test
    void setOpenOnPurposeItAnswersWithoutAKey() throws Exception {
        Launched gateway = launch(Map.of("GATEWAY_AUTH_MODE", "none"));
        try {
            gateway.awaitListening();

            HttpResponse<String> answer = generate(gateway.port, null);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(gateway.output()).contains("gateway.auth.mode is none");
        } finally {
            gateway.stop();
        }
    }

    @Test
    void withAKeyStoreItStartsWithKeysOn() throws Exception {
        assumePostgres();
        String schema = "gateway_packaged_" + Long.toHexString(System.nanoTime());
        Launched gateway = launch(Map.of(
                "GATEWAY_STORE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "GATEWAY_STORE_POSTGRES_USERNAME", "postgres",
                "GATEWAY_STORE_POSTGRES_SCHEMA", schema));
        try {
            gateway.awaitListening();

            HttpResponse<String> noKey = generate(gateway.port, null);
            HttpResponse<String> unknownKey = generate(gateway.port, "gk_" + "A".repeat(43));

            assertThat(noKey.statusCode()).as(noKey.body()).isEqualTo(401);
            assertThat(noKey.body()).contains("invalid_api_key");
            assertThat(unknownKey.statusCode()).as(unknownKey.body()).isEqualTo(401);
            assertThat(gateway.output()).contains("kept in PostgreSQL").doesNotContain("gateway.auth.mode is none");
        } finally {
            gateway.stop();
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
                    "postgres", null)) {
                connection.createStatement().execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private static HttpResponse<String> generate(int port, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/generate"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(GENERATE));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The jar on the embedded emulator, with only these environment variables set beyond the machine's. */
    private static Launched launch(Map<String, String> environment) throws IOException {
        Path jar;
        try (Stream<Path> built = Files.list(Path.of("target"))) {
            jar = built.filter(file -> file.getFileName().toString().matches("bedrock-gateway-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/bedrock-gateway-*.jar: run mvn package"));
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--gateway.backend=emulator", "--gateway.warmup.enabled=false"));
        Path output = Files.createTempFile("packaged-gateway", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        // a mode, store or admin key set in the calling shell would hide the jar's own defaults
        builder.environment().keySet().removeIf(name -> name.startsWith("GATEWAY_"));
        // the Bedrock client signs its calls to the emulator, which takes any key; nothing here reaches AWS
        builder.environment().put("AWS_ACCESS_KEY_ID", "packaged-it");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "packaged-it");
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().putAll(environment);
        return new Launched(builder.start(), port, output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void assumePostgres() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
        } catch (IOException unreachable) {
            Assumptions.abort("No PostgreSQL on 127.0.0.1:5432 (" + unreachable.getMessage()
                    + "): the packaged jar with a key store is not tested here");
        }
    }

    private record Launched(Process process, int port, Path log) {

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        void awaitListening() throws Exception {
            long deadline = System.nanoTime() + START_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the jar stopped with status " + process.exitValue() + ":\n" + output());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("the jar did not listen within " + START_LIMIT + ":\n" + output());
        }

        void stop() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
