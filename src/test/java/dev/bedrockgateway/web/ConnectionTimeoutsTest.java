package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.web.RawHttpConnection.RawAnswer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Connections are timed out: idle between requests, a head that never finishes however slowly its bytes come, a body
 * that stops; while a stream that lasts longer than all of them is not cut, and other callers are still served.
 */
@TestPropertySource(properties = {
        "server.netty.idle-timeout=" + ConnectionTimeoutsTest.IDLE_MILLIS + "ms",
        "gateway.server.header-timeout=500ms",
        "gateway.server.body-timeout=500ms",
        "logging.level.dev.bedrockgateway.web.ClientGoneFilter=DEBUG"
})
@ExtendWith(OutputCaptureExtension.class)
class ConnectionTimeoutsTest extends GatewayHttpTest {

    /**
     * Longer than the header time-out: Reactor Netty's idle timer sits after the HTTP codec, so a head that never ends
     * also leaves it idle, and it would close a slowloris connection (without an answer) before the header time-out.
     */
    static final int IDLE_MILLIS = 1_500;
    private static final int SLOW_CONNECTIONS = 10;
    private static final String STREAMED_MODEL = "meta.llama3-8b-instruct-v1:0";

    @Test
    void closesAKeepAliveConnectionLeftIdle() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            assertThat(connection.send("GET /v1/models HTTP/1.1\r\nHost: gateway\r\n\r\n").readAnswer().status())
                    .isEqualTo(200);

            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void closesAConnectionThatNeverSendsARequest() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void answersAHeadSentAByteAtATimeWith408AndClosesWhileOthersAreServed() throws Exception {
        // Slowloris: a byte every 50 ms resets any per-read timer (the idle time-out among them) forever, and the head
        // never ends. Only a deadline on the whole head closes these connections.
        byte[] endlessHead = ("GET /v1/models HTTP/1.1\r\nHost: gateway\r\nX-Pad: " + "a".repeat(4_000))
                .getBytes(StandardCharsets.US_ASCII);
        List<RawHttpConnection> slow = new ArrayList<>();
        AtomicInteger bytesSent = new AtomicInteger();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                RawHttpConnection connection = new RawHttpConnection(port);
                slow.add(connection);
                AtomicInteger next = new AtomicInteger();
                trickle.scheduleAtFixedRate(() -> {
                    int index = next.getAndIncrement();
                    try {
                        connection.send(new byte[] {endlessHead[index]});
                        bytesSent.incrementAndGet();
                    } catch (IOException closed) {
                        throw new IllegalStateException("closed", closed); // ends this connection's task
                    }
                }, 0, 50, TimeUnit.MILLISECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> bytesSent.get() >= 3 * SLOW_CONNECTIONS);

            try (RawHttpConnection fresh = new RawHttpConnection(port)) {
                assertThat(fresh.send("GET /v1/models HTTP/1.1\r\nHost: gateway\r\n\r\n").readAnswer().status())
                        .isEqualTo(200);
            }
            for (RawHttpConnection connection : slow) {
                RawAnswer answer = connection.readAnswer();
                assertThat(answer.status()).isEqualTo(408);
                assertThat(answer.body()).contains("request head");
                assertThat(connection.closedByGateway()).isTrue();
            }
        } finally {
            trickle.shutdownNow();
            for (RawHttpConnection connection : slow) {
                connection.close();
            }
        }
    }

    @Test
    void answersABodyThatStopsWith408AndCloses() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("POST /v1/generate HTTP/1.1\r\nHost: gateway\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":").readAnswer();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.get("code").asString()).isEqualTo("request_timeout");
            assertThat(problem.get("detail").asString()).contains("gateway.server.body-timeout");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void answersABodyThatStopsOnTheOpenAiApiInOpenAisShape() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":").readAnswer();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(JSON.readTree(answer.body()).get("error").get("code").asString()).isEqualTo("request_timeout");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void aRequestWhoseCallerLeavesMidBodyEndsWithoutAnErrorLine(CapturedOutput output) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            connection.send("POST /v1/generate HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                    + "X-Request-Id: leaves-mid-body\r\nContent-Length: 100\r\n\r\n{\"model\":");
        }

        // Reactor Netty fails the body's reading with "Connection has been closed"; that is no failure of the gateway.
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("request leaves-mid-body"));
        assertThat(output.getOut()).doesNotContain("failed unexpectedly").doesNotContain("AbortedException");
    }

    @Test
    void closesARefusedBodyThatStopsWithoutASecondAnswer() throws IOException {
        // Answered 413 at once from its declared length; the caller then stops sending: closed by the body time-out
        // (or by the idle time-out, which Reactor Netty starts again after the answer), never left open to drain.
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("POST /v1/generate HTTP/1.1\r\nHost: gateway\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"model\":").readAnswer();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void aStreamLongerThanEveryTimeOutIsNotCut() throws Exception {
        EmulatorPacing.tokensPerSecond(emulator.endpoint(), STREAMED_MODEL, 5);
        String request = "{\"model\":\"llama3-8b\",\"prompt\":\"Tell me a story\",\"stream\":true,"
                + "\"parameters\":{\"max_tokens\":15}}";
        long start = System.nanoTime();
        String stream;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /v1/generate HTTP/1.1\r\nHost: gateway\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + request.length() + "\r\n\r\n" + request)
                    .getBytes(StandardCharsets.US_ASCII));
            stream = readUntil(socket.getInputStream(), "\r\n0\r\n\r\n"); // the chunked answer's last chunk
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(stream).startsWith("HTTP/1.1 200").contains("event:end");
        // About 3 s at 5 tokens a second: longer than the idle (1.5 s), header and body (0.5 s) time-outs.
        assertThat(tookMillis).isGreaterThan(IDLE_MILLIS);
    }

    /** Everything read until {@code end} has been read, or the connection closed. */
    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!read.toString(StandardCharsets.UTF_8).endsWith(end)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}
