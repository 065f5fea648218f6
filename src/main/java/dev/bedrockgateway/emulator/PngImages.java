package dev.bedrockgateway.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Small, real PNG files (signature, IHDR, IDAT, IEND with correct CRCs) of one colour, for emulated image models. */
final class PngImages {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int BIT_DEPTH = 8;
    private static final int COLOUR_TYPE_RGB = 2;

    private PngImages() {
    }

    /** A width×height RGB image filled with {@code rgb} (0xRRGGBB). */
    static byte[] solid(int width, int height, int rgb) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(SIGNATURE);
        ByteBuffer header = ByteBuffer.allocate(13)
                .putInt(width).putInt(height)
                .put((byte) BIT_DEPTH).put((byte) COLOUR_TYPE_RGB)
                .put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filtering, no interlace
        writeChunk(png, "IHDR", header.array());
        writeChunk(png, "IDAT", pixels(width, height, rgb));
        writeChunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] pixels(int width, int height, int rgb) {
        byte[] row = new byte[1 + width * 3];
        row[0] = 0; // filter type None
        for (int x = 0; x < width; x++) {
            row[1 + x * 3] = (byte) (rgb >> 16);
            row[2 + x * 3] = (byte) (rgb >> 8);
            row[3 + x * 3] = (byte) rgb;
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        // identical rows compress to almost nothing, so the fastest level loses no size worth having
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater)) {
            for (int y = 0; y < height; y++) {
                out.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return compressed.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
