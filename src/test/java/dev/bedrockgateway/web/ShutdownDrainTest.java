package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.BedrockGatewayApplication;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping under load, as a rolling deploy does: the Spring context is closed from another thread (what the SIGTERM
 * hook does) while 32 keep-alive callers send requests back to back, each on raw HTTP/1.1 so that every byte is seen,
 * and one HTTP/2 connection waits; another is opened while draining. A gateway of its own, since the test stops it.
 */
class ShutdownDrainTest {

    private static final int CALLERS = 32;
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(3);
    /** Bounds each caller, should the gateway never stop. */
    private static final Duration CALLER_TIME_LIMIT = Duration.ofSeconds(20);
    private static final byte[] HTTP2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SETTINGS = 4;
    private static final int GOAWAY = 7;

    /** One request on a connection: when it was sent and what came back. */
    private record Exchange(long sentAtNanos, int status, boolean closesConnection, String failure) {
        boolean answered() {
            return failure == null;
        }
    }

    @Test
    void answersEverythingSentBeforeTheDrainAndClosesEveryConnectionAfterItsAnswerWhileDraining() throws Exception {
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(BedrockGatewayApplication.class).run(
                "--server.port=0", "--gateway.backend=emulator", "--gateway.bedrock.max-attempts=1",
                "--gateway.shutdown.drain-wait=" + DRAIN_WAIT.toMillis() + "ms");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        ConnectionDrain drain = gateway.getBean(ConnectionDrain.class);
        AtomicInteger answers = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try (Socket http2 = openHttp2Connection(port)) {
            List<Future<List<Exchange>>> exchanges = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                int caller = i;
                exchanges.add(callers.submit(() -> callUntilTheGatewayIsGone(port, caller, answers)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> answers.get() >= CALLERS * 3);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(gateway::close);
            await().atMost(Duration.ofSeconds(5)).until(drain::draining);

            HttpResponse<String> readiness = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).contains("OUT_OF_SERVICE");
            assertThat(readGoAway(http2)).as("GOAWAY's last stream id and error code")
                    .containsExactly(Integer.MAX_VALUE, 0);
            try (Socket openedWhileDraining = openHttp2Connection(port)) {
                assertThat(readGoAway(openedWhileDraining)).containsExactly(Integer.MAX_VALUE, 0);
            }
            stopped.get(20, TimeUnit.SECONDS);

            long drainStart = drain.startedAtNanos();
            for (Future<List<Exchange>> caller : exchanges) {
                List<Exchange> calls = caller.get(CALLER_TIME_LIMIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(calls).filteredOn(call -> call.sentAtNanos() < drainStart)
                        .as("requests sent before the drain began").isNotEmpty()
                        .allSatisfy(call -> assertThat(call.failure()).isNull())
                        .allSatisfy(call -> assertThat(call.status()).isEqualTo(200));
                assertThat(calls).filteredOn(call -> call.sentAtNanos() > drainStart && call.answered())
                        .as("answers to requests sent while draining").isNotEmpty()
                        .allSatisfy(call -> assertThat(call.closesConnection()).isTrue());
            }
        } finally {
            callers.shutdownNow();
            gateway.close();
        }
    }

    /**
     * One keep-alive caller: requests back to back on one connection, a new connection when an answer closes it,
     * until the gateway no longer takes connections.
     */
    private static List<Exchange> callUntilTheGatewayIsGone(int port, int caller, AtomicInteger answers) {
        List<Exchange> exchanges = new ArrayList<>();
        long deadline = System.nanoTime() + CALLER_TIME_LIMIT.toNanos();
        byte[] body = ("{\"model\":\"llama3-8b\",\"prompt\":\"caller " + caller + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST /v1/generate HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() < deadline) {
            Socket socket;
            try {
                socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(10_000);
            } catch (ConnectException gone) {
                return exchanges;
            } catch (IOException e) {
                exchanges.add(new Exchange(System.nanoTime(), 0, false, "connect: " + e));
                continue;
            }
            try (socket) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                boolean open = true;
                while (open && System.nanoTime() < deadline) {
                    long sentAt = System.nanoTime();
                    Exchange exchange;
                    try {
                        out.write(request);
                        out.flush();
                        exchange = readAnswer(in, sentAt);
                        answers.incrementAndGet();
                    } catch (IOException e) {
                        exchange = new Exchange(sentAt, 0, false, e.toString());
                    }
                    exchanges.add(exchange);
                    open = exchange.answered() && !exchange.closesConnection();
                }
            } catch (IOException ignored) {
                // closing a socket the gateway has already closed
            }
        }
        return exchanges;
    }

    /** Reads one whole HTTP/1.1 answer (length-delimited or chunked); an answer cut short is an IOException. */
    private static Exchange readAnswer(InputStream in, long sentAt) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed with no answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        boolean close = false;
        boolean chunked = false;
        long length = 0;
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            String name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(line.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "connection" -> close = value.equals("close");
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                default -> { }
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(readLine(in).trim(), 16)) > 0) {
                skip(in, size + 2); // the chunk and its CRLF
            }
            readLine(in);
        } else {
            skip(in, length);
        }
        return new Exchange(sentAt, status, close, null);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                if (line.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed in the middle of a line");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        in.skipNBytes(bytes); // an EOFException when the body is cut short
    }

    /** An HTTP/2 connection (prior knowledge) the gateway has answered with its SETTINGS: open and idle. */
    private static Socket openHttp2Connection(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        OutputStream out = socket.getOutputStream();
        out.write(HTTP2_PREFACE);
        out.write(frameHeader(0, SETTINGS, 0));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int[] frame;
        do {
            frame = readFrame(in);
        } while (frame[0] != SETTINGS);
        out.write(frameHeader(0, SETTINGS, 1)); // ACK
        out.flush();
        return socket;
    }

    /** Reads frames until a GOAWAY; returns its last stream id and its error code. */
    private static List<Integer> readGoAway(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            int[] frame = readFrame(in);
            if (frame[0] == GOAWAY) {
                return List.of(frame[1], frame[2]);
            }
        }
    }

    /** One frame: its type and, for a GOAWAY, the last stream id and the error code. */
    private static int[] readFrame(DataInputStream in) throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        int type = in.readUnsignedByte();
        in.readUnsignedByte(); // flags
        in.readInt(); // stream id
        byte[] payload = in.readNBytes(length);
        if (type == GOAWAY) {
            DataInputStream goAway = new DataInputStream(new ByteArrayInputStream(payload));
            return new int[] {type, goAway.readInt() & Integer.MAX_VALUE, goAway.readInt()};
        }
        return new int[] {type};
    }

    private static byte[] frameHeader(int length, int type, int flags) {
        return new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
                0, 0, 0, 0};
    }
}
