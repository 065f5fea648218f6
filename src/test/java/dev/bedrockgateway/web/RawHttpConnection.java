package dev.bedrockgateway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 connection driven byte by byte, for what an HTTP client library would not send or would hide:
 * requests without Host, odd Transfer-Encodings, heads sent a byte at a time, bodies that stop.
 */
final class RawHttpConnection implements AutoCloseable {

    /** Longest wait for the gateway to answer or close; far above every time-out the tests set. */
    private static final int WAIT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(WAIT_MILLIS);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A connection whose writes block as soon as a little is unsent, so what it manages to write is what was read. */
    static RawHttpConnection withSmallSendBuffer(int port) throws IOException {
        RawHttpConnection connection = new RawHttpConnection(port);
        connection.socket.setSendBufferSize(64 * 1024);
        return connection;
    }

    RawHttpConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttpConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next answer, whose body has a Content-Length. */
    RawAnswer readAnswer() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of an answer's head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = Integer.parseInt(header(text, "content-length").orElseThrow(
                () -> new IOException("no Content-Length in " + text)));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new RawAnswer(Integer.parseInt(text.substring(9, 12)), text, body);
    }

    /** Whether the gateway has closed the connection (end of stream or reset) within the wait, with nothing more sent. */
    boolean closedByGateway() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Optional<String> header(String head, String name) {
        return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).trim()).findFirst();
    }

    /** An answer: its status, its head as sent, and its body. */
    record RawAnswer(int status, String head, String body) {
        String header(String name) {
            return RawHttpConnection.header(head, name.toLowerCase(Locale.ROOT)).orElse(null);
        }
    }
}
