package dev.bedrockgateway.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A warm-up call whose answer stops short reports what had come: the head (status, request id) and the body so far.
 * The server is a raw socket that sends a streamed answer's head and first event, then holds the connection open, as
 * the stream CI saw stall did (a head, then no end).
 */
class WarmupCallTest {

    private static final WarmupCall STREAM = new WarmupCall("POST", "/v1/generate", "{\"stream\":true}", 200, true);

    @Test
    void anAnswerThatStopsShortSaysWhatItHadSent() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            daemon(() -> holdAfterFirstEvent(server, done));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            String problem = STREAM.send(http, URI.create("http://127.0.0.1:" + server.getLocalPort()), null,
                    Duration.ofMillis(500));

            assertThat(problem)
                    .startsWith("POST /v1/generate {\"stream\":true} got no whole answer within 500 ms")
                    .contains("status 200", "request id req_held", "so far",
                            "event:start\\ndata:{\"id\":\"gen_1\"}\\n\\n");
        } finally {
            done.countDown();
        }
    }

    @Test
    void anAnswerWithTheWrongStatusQuotesItsBody() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            daemon(() -> answer(server, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n"
                    + "Content-Type: text/plain\r\n\r\nno model!"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            assertThat(STREAM.send(http, URI.create("http://127.0.0.1:" + server.getLocalPort()), null,
                    Duration.ofSeconds(5)))
                    .isEqualTo("POST /v1/generate {\"stream\":true} answered 404, expected 200: no model!");
        }
    }

    private static void daemon(Runnable server) {
        Thread thread = new Thread(server, "warmup-call-test-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads a request, sends a chunked SSE head and one event, then waits until the test is over. */
    private static void holdAfterFirstEvent(ServerSocket server, CountDownLatch done) {
        String event = "event:start\ndata:{\"id\":\"gen_1\"}\n\n";
        try (Socket socket = server.accept()) {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Request-Id: req_held\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(event.length()) + "\r\n" + event
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            done.await(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the test has ended
        }
    }

    private static void answer(ServerSocket server, String response) {
        try (Socket socket = server.accept()) {
            readHead(socket.getInputStream());
            socket.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        } catch (IOException e) {
            // the test has ended
        }
    }

    /** Reads up to the blank line after the request's head; the small body is left unread. */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                return;
            }
            matched = next == end[matched] ? matched + 1 : next == '\r' ? 1 : 0;
        }
    }
}
