package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.telemetry.LogCapture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A caller that hangs up in the middle of a stream is a quiet cancel on every streamed API: the upstream stream is
 * cancelled and nothing is logged but the access-log line. (OpenAI's chat stream once wrote {@code data: [DONE]} to
 * the closed connection, and WebFlux logged an ERROR for every such hang-up.)
 */
class ClientHangUpTest extends GatewayHttpTest {

    private static final String LLAMA_8B = "meta.llama3-8b-instruct-v1:0";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/chat/completions|{\"model\":\"llama3-8b\",\"max_tokens\":200,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "/v1/messages|{\"model\":\"llama3-8b\",\"max_tokens\":200,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "/v1/responses|{\"model\":\"llama3-8b\",\"max_output_tokens\":200,\"stream\":true,\"input\":\"hi\"}",
            "/v1/generate|{\"model\":\"llama3-8b\",\"parameters\":{\"max_tokens\":200},\"stream\":true,\"prompt\":\"hi\"}"
    })
    void cancelsQuietlyWhenTheCallerHangsUpMidStream(String path, String body) throws Exception {
        EmulatorPacing.tokensPerSecond(emulator.endpoint(), "*", 5);

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nanthropic-version: 2023-06-01\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            assertThat(readUntilFirstEvent(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.cancelledStreams(LLAMA_8B) == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> log.accessLog().stream()
                .anyMatch(line -> line.getFormattedMessage().contains("cancelled")));
        // What a hang-up used to log came after the stream's cancel; it is given time to appear, and must not.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> log.otherThanAccessLog()
                .stream().noneMatch(line -> line.getLevel().isGreaterOrEqual(Level.WARN)));
        assertThat(log.otherThanAccessLog()).filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(emulator.openCalls()).isZero();
    }

    /** The answer's head and bytes up to the end of its first server-sent event. */
    private static String readUntilFirstEvent(InputStream in) throws IOException {
        StringBuilder read = new StringBuilder();
        int headEnd = -1;
        while (headEnd < 0 || read.indexOf("\n\n", headEnd + 4) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + read);
            }
            read.append((char) b);
            headEnd = read.indexOf("\r\n\r\n");
        }
        return read.toString();
    }
}
