package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.telemetry.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failed request is one access-log line; the log does not grow with the failure rate or with what a caller sends
 * (a throttling storm once wrote ~7,300 WARN lines a second, a request with 3,000 headers about 1,500 lines).
 */
class FailureLoggingTest extends GatewayHttpTest {

    private static final int HEADERS = 3_000;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Test
    void logsFailedRequestsInTheAccessLogOnly() throws Exception {
        fault("meta.llama3-8b-instruct-v1:0", "unavailable", 1.0);

        for (int i = 0; i < 20; i++) {
            Answer answer = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}");
            // upstream_error, until enough failures open the model's circuit
            assertThat(answer.status()).isIn(502, 503);
        }

        assertThat(log.accessLog()).hasSize(20);
        assertThat(log.otherThanAccessLog()).filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void refusesARequestWithThousandsOfHeadersInOneLogLine() throws Exception {
        for (String path : new String[] {"/v1/generate", "/v1/chat/completions"}) {
            String answer = sendWithManyHeaders(path);

            assertThat(answer).startsWith("HTTP/1.1 431 ").contains("X-Request-Id: req_");
            assertThat(answer).contains(path.equals("/v1/generate") ? "application/problem+json" : "{\"error\":{")
                    .contains("request headers are larger than the server accepts");
        }

        assertThat(log.lines()).filteredOn(line -> line.getLoggerName().startsWith("reactor.netty")).isEmpty();
        assertThat(log.lines()).filteredOn(line -> line.getLoggerName().equals(FailureLog.class.getName()))
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy(line -> assertThat(line.getFormattedMessage()).doesNotContain("X-H1:").hasLineCount(1));
        assertThat(log.lines()).hasSizeLessThanOrEqualTo(1);
    }

    /** A raw request, since an HTTP client would refuse to send this many headers; answers the response's head. */
    private String sendWithManyHeaders(String path) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n");
        for (int i = 0; i < HEADERS; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        request.append("\r\n{}");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedWhileSending) {
                // The gateway answers as soon as the headers pass the limit and closes; the answer is still there.
            }
            return readUntilClosed(socket.getInputStream());
        }
    }

    private static String readUntilClosed(InputStream in) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // Closing with the rest of the request unread resets the connection after the answer.
        }
        return answer.toString(StandardCharsets.US_ASCII);
    }
}
