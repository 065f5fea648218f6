package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A caller that sends its next request on the same connection as soon as an answer is in gets every answer
 * (see {@link KeepAliveReadResumer}). Without the resumer, one of about 25 rounds of "chat call, GET, GET"
 * stalled on the packaged gateway; 300 rounds make a stall all but certain then.
 */
class KeepAliveStallTest extends GatewayHttpTest {

    private static final int ROUNDS = 300;
    private static final int ANSWER_WAIT_MILLIS = 5_000;
    private static final String CHAT = "{\"model\":\"llama3-8b\",\"prompt\":\"Say hello.\",\"parameters\":{\"max_tokens\":8}}";

    @Test
    void everyRequestOnAKeptAliveConnectionIsAnswered() throws IOException {
        byte[] chat = ("POST /v1/generate HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + CHAT.length() + "\r\n\r\n" + CHAT).getBytes(StandardCharsets.US_ASCII);
        byte[] models = "GET /v1/models HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int answered = 0;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(ANSWER_WAIT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int round = 0; round < ROUNDS; round++) {
                for (byte[] request : new byte[][] {chat, models, models}) {
                    out.write(request);
                    out.flush();
                    try {
                        assertThat(readAnswer(in)).startsWith("HTTP/1.1 200");
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("no answer within " + ANSWER_WAIT_MILLIS + " ms on a kept-alive "
                                + "connection after " + answered + " answers (round " + round + ")", e);
                    }
                    answered++;
                }
            }
        }
        assertThat(answered).isEqualTo(ROUNDS * 3);
    }

    /** One HTTP/1.1 answer with a Content-Length: its head (the body is read and dropped). */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of a head");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        long length = text.lines().map(line -> line.toLowerCase(Locale.ROOT))
                .filter(line -> line.startsWith("content-length:"))
                .mapToLong(line -> Long.parseLong(line.substring("content-length:".length()).trim()))
                .findFirst().orElseThrow(() -> new IOException("no Content-Length in " + text));
        in.readNBytes((int) length);
        return text;
    }
}
