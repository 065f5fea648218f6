package dev.bedrockgateway.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes AWS event-stream messages, the binary framing of Bedrock's streaming operations:
 * a prelude (total length, headers length, prelude CRC32), string headers, the payload and a message CRC32.
 */
final class EventStreamFrames {

    /** Total length, headers length and prelude CRC, each a big-endian uint32. */
    static final int PRELUDE_LENGTH = 12;
    static final int MESSAGE_CRC_LENGTH = 4;
    /** The event-stream header value type of a UTF-8 string. */
    private static final byte STRING_TYPE = 7;
    private static final String JSON = "application/json";

    private EventStreamFrames() {
    }

    /** An event message: {@code :event-type}, {@code :content-type} JSON, {@code :message-type} event. */
    static byte[] event(String eventType, byte[] payload) {
        return typed(":event-type", eventType, "event", payload);
    }

    /** A modelled error inside a stream: {@code :exception-type} names the stream's error member. */
    static byte[] exception(String exceptionType, byte[] payload) {
        return typed(":exception-type", exceptionType, "exception", payload);
    }

    private static byte[] typed(String typeHeader, String type, String messageType, byte[] payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(typeHeader, type);
        headers.put(":content-type", JSON);
        headers.put(":message-type", messageType);
        return message(headers, payload);
    }

    static byte[] message(Map<String, String> headers, byte[] payload) {
        byte[] encodedHeaders = headers(headers);
        int total = PRELUDE_LENGTH + encodedHeaders.length + payload.length + MESSAGE_CRC_LENGTH;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total).putInt(encodedHeaders.length);
        frame.putInt((int) crc32(frame.array(), 8));
        frame.put(encodedHeaders).put(payload);
        frame.putInt((int) crc32(frame.array(), total - MESSAGE_CRC_LENGTH));
        return frame.array();
    }

    private static byte[] headers(Map<String, String> headers) {
        int length = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            length += 1 + utf8(header.getKey()).length + 1 + 2 + utf8(header.getValue()).length;
        }
        ByteBuffer encoded = ByteBuffer.allocate(length);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            byte[] name = utf8(header.getKey());
            byte[] value = utf8(header.getValue());
            encoded.put((byte) name.length).put(name).put(STRING_TYPE).putShort((short) value.length).put(value);
        }
        return encoded.array();
    }

    private static long crc32(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
