package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.web.RawHttpConnection.RawAnswer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 requests that RFC 9112 tells a server to refuse are refused with a closed connection, and a 413 reaches a
 * client that writes its whole body before reading, on a connection closed after at most a bounded read.
 */
class RequestFramingTest extends GatewayHttpTest {

    private static final String CHAT = "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\",\"parameters\":{\"max_tokens\":4}}";
    /** gateway.limits.max-body-size in GatewayHttpTest. */
    private static final int MAX_BODY_BYTES = 256 * 1024;
    /** gateway.server.refused-body-drain's default. */
    private static final int DRAIN_BYTES = 1024 * 1024;

    @Test
    void refusesAnHttp11RequestWithoutHostAndCloses() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("GET /v1/models HTTP/1.1\r\n\r\n").readAnswer();

            assertProblem(answer, 400, "invalid_request", "Host");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void refusesARequestWithTwoHostHeaders() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("GET /v1/models HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").readAnswer();

            assertProblem(answer, 400, "invalid_request", "Host");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void servesAnHttp10RequestWithoutHost() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            assertThat(connection.send("GET /v1/models HTTP/1.0\r\n\r\n").readAnswer().status()).isEqualTo(200);
        }
    }

    @Test
    void refusesATransferEncodingThatDoesNotEndInChunked() throws IOException {
        // Without the refusal, the body was read as the next request (no Content-Length) or by its Content-Length,
        // while a proxy in front that honours the coding frames it otherwise: request smuggling.
        for (String lengthHeader : new String[] {"", "Content-Length: " + CHAT.length() + "\r\n"}) {
            try (RawHttpConnection connection = new RawHttpConnection(port)) {
                RawAnswer answer = connection.send(head("/v1/generate", "Transfer-Encoding: xchunked\r\n" + lengthHeader)
                        + CHAT).readAnswer();

                assertProblem(answer, 400, "invalid_request", "xchunked");
                assertThat(connection.closedByGateway()).isTrue();
            }
        }
    }

    @Test
    void refusesATransferEncodingThatDoesNotEndInChunkedInOpenAisShape() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send(head("/v1/chat/completions", "Transfer-Encoding: gzip\r\n")).readAnswer();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            JsonNode error = JSON.readTree(answer.body()).get("error");
            assertThat(error.get("code").asString()).isEqualTo("invalid_request");
            assertThat(error.get("message").asString()).contains("gzip");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void refusesATransferCodingItCannotDecodeBeforeChunked() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send(head("/v1/generate", "Transfer-Encoding: gzip, chunked\r\n")
                    + chunked(CHAT)).readAnswer();

            assertProblem(answer, 501, "unsupported_transfer_coding", "gzip");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void refusesChunkedWithContentLengthAndCloses() throws IOException {
        // RFC 9112 section 6.1: "A server MAY reject a request that contains both Content-Length and
        // Transfer-Encoding [...]. Regardless, the server MUST close the connection after responding to such a request".
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send(head("/v1/generate", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")
                    + chunked(CHAT)).readAnswer();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void servesAChunkedBodyAndKeepsTheConnection() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer first = connection.send(head("/v1/generate", "Transfer-Encoding: chunked\r\n") + chunked(CHAT))
                    .readAnswer();
            RawAnswer second = connection.send("GET /v1/models HTTP/1.1\r\nHost: gateway\r\n\r\n").readAnswer();

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
        }
    }

    @Test
    void answers413ToAClientThatWritesItsWholeBodyBeforeReading() throws IOException {
        // As Python's urllib and requests do: the whole body first, then the answer. If the gateway closed with the
        // body unread, the kernel would reset the connection and the client would never see the 413.
        byte[] body = new byte[MAX_BODY_BYTES + 64 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            connection.send(head("/v1/generate", "Content-Length: " + body.length + "\r\n")).send(body);
            RawAnswer answer = connection.readAnswer();

            assertProblem(answer, 413, "payload_too_large", "gateway.limits.max-body-size");
            assertThat(answer.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void closesA413ConnectionAtOnceWhenTheCallerWaitsToBeToldToSendItsBody() throws IOException {
        // Expect: 100-continue answered with a final status: the caller sends no body (curl does this for large
        // bodies), so there is nothing to read on and no reason to keep the connection until the body time-out.
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send(head("/v1/generate", "Expect: 100-continue\r\nContent-Length: "
                    + (MAX_BODY_BYTES + 1) + "\r\n")).readAnswer();

            assertThat(answer.status()).isEqualTo(413);
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void closesA413ConnectionOnceTheRefusedBodyPassesTheBound() throws Exception {
        long declared = 50L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (RawHttpConnection connection = RawHttpConnection.withSmallSendBuffer(port)) {
            connection.send(head("/v1/generate", "Content-Length: " + declared + "\r\n"));
            byte[] chunk = new byte[64 * 1024];
            try {
                while (written.get() < declared) {
                    connection.send(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException closedByGateway) {
                // expected: the gateway stopped reading and closed
            }
        }
        // Without the bound, the gateway read and dropped all 50 MB on a connection it kept open. The slack is what
        // the two sockets' kernel buffers hold on loopback.
        long slack = 16L * 1024 * 1024;
        assertThat(written.get()).isLessThan(MAX_BODY_BYTES + DRAIN_BYTES + slack);
    }

    private static void assertProblem(RawAnswer answer, int status, String code, String detailPart) {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("detail").asString()).contains(detailPart);
        assertThat(problem.get("request_id").asString()).isEqualTo(answer.header("X-Request-Id"));
    }

    private static String head(String path, String framingHeaders) {
        return "POST " + path + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n" + framingHeaders
                + "\r\n";
    }

    private static String chunked(String body) {
        return Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    }
}
