package dev.bedrockgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/** The event-stream encoder matches the worked frame of bedrock-protocol.md §3 and the AWS SDK's own decoder. */
class EventStreamFramesTest {

    /** 40 bytes, the payload of the worked example. */
    static final byte[] PAYLOAD = "{\"bytes\":\"eyJnZW5lcmF0aW9uIjoiSGkifQ==\"}".getBytes(StandardCharsets.UTF_8);

    static long crc32(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    @Test
    void encodesTheWorkedChunkFrame() {
        assertThat(PAYLOAD).hasSize(40);
        byte[] frame = EventStreamFrames.event("chunk", PAYLOAD);
        ByteBuffer buffer = ByteBuffer.wrap(frame);

        assertThat(frame).hasSize(131);
        assertThat(buffer.getInt(0)).isEqualTo(131);
        assertThat(buffer.getInt(4)).isEqualTo(75);
        assertThat(Integer.toUnsignedLong(buffer.getInt(8))).isEqualTo(crc32(frame, 0, 8));
        assertThat(Integer.toUnsignedLong(buffer.getInt(127))).isEqualTo(crc32(frame, 0, 127));
        // first header: name length 11, ":event-type", type 7 (string), value length 5, "chunk"
        assertThat(frame[12]).isEqualTo((byte) 11);
        assertThat(new String(frame, 13, 11, StandardCharsets.UTF_8)).isEqualTo(":event-type");
        assertThat(frame[24]).isEqualTo((byte) 7);
        assertThat(buffer.getShort(25)).isEqualTo((short) 5);
        assertThat(new String(frame, 87, 40, StandardCharsets.UTF_8)).isEqualTo(new String(PAYLOAD, StandardCharsets.UTF_8));
    }

    @Test
    void theSdkDecoderReadsEventsAndExceptionsBackFromOneBuffer() {
        byte[] event = EventStreamFrames.event("chunk", PAYLOAD);
        byte[] exception = EventStreamFrames.exception("throttlingException", "{\"message\":\"slow down\"}".getBytes(StandardCharsets.UTF_8));
        MessageDecoder decoder = new MessageDecoder();
        decoder.feed(ByteBuffer.allocate(event.length + exception.length).put(event).put(exception).array());

        // the decoder hands its messages over once
        List<Message> messages = decoder.getDecodedMessages();
        assertThat(messages).hasSize(2);
        Message chunk = messages.get(0);
        assertThat(chunk.getHeaders().get(":event-type").getString()).isEqualTo("chunk");
        assertThat(chunk.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
        assertThat(chunk.getHeaders().get(":message-type").getString()).isEqualTo("event");
        assertThat(chunk.getPayload()).isEqualTo(PAYLOAD);
        Message error = messages.get(1);
        assertThat(error.getHeaders().get(":message-type").getString()).isEqualTo("exception");
        assertThat(error.getHeaders().get(":exception-type").getString()).isEqualTo("throttlingException");
    }

    @Test
    void cutsTextIntoOneWordPiecesThatRejoinExactly() {
        String text = "Emulated  reply\nto \"x\": amber reef. ";
        assertThat(EmulatorTokens.pieces(text)).containsExactly("Emulated", "  reply", "\nto", " \"x\":", " amber", " reef. ");
        assertThat(String.join("", EmulatorTokens.pieces(text))).isEqualTo(text);
        assertThat(EmulatorTokens.pieces("")).isEmpty();
    }
}
