package dev.bedrockgateway.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ArrayNode;

/**
 * The emulator's embeddings: a vector drawn from a generator seeded by a hash of the model, the text and whatever else
 * the model encodes (Cohere's input type), so the same request always gets the same vector, another text another one,
 * and vectors of unrelated texts are nearly orthogonal, as real ones of unrelated texts tend to be.
 */
final class SyntheticVectors {

    private SyntheticVectors() {
    }

    /**
     * @param material  everything the vector depends on, the text included
     * @param normalize whether to scale it to length 1; otherwise its length grows with the material's, as an
     *                  unnormalised embedding's does
     */
    static float[] of(List<String> material, int dimensions, boolean normalize) {
        SplittableRandom random = new SplittableRandom(seed(material));
        double[] values = new double[dimensions];
        double squares = 0;
        for (int i = 0; i < dimensions; i++) {
            values[i] = random.nextGaussian();
            squares += values[i] * values[i];
        }
        double scale = normalize ? 1 / Math.sqrt(squares) : 1 + String.join("", material).length() / 100.0;
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (values[i] * scale);
        }
        return vector;
    }

    static ArrayNode floats(float[] vector) {
        ArrayNode array = EmulatorJson.MAPPER.createArrayNode();
        for (float value : vector) {
            array.add(value);
        }
        return array;
    }

    /** Each value's sign as one bit: 1 for positive, Titan's "binary" embedding type. */
    static ArrayNode signBits(float[] vector) {
        ArrayNode array = EmulatorJson.MAPPER.createArrayNode();
        for (float value : vector) {
            array.add(value > 0 ? 1 : 0);
        }
        return array;
    }

    /** Cohere's int8 (or, shifted by 128, uint8) embedding: each value scaled to the vector's largest magnitude. */
    static ArrayNode bytes(float[] vector, boolean unsigned) {
        float largest = 0;
        for (float value : vector) {
            largest = Math.max(largest, Math.abs(value));
        }
        ArrayNode array = EmulatorJson.MAPPER.createArrayNode();
        for (float value : vector) {
            int scaled = largest == 0 ? 0 : Math.round(value / largest * Byte.MAX_VALUE);
            array.add(unsigned ? scaled + 128 : scaled);
        }
        return array;
    }

    /** Cohere's binary (or ubinary) embedding: sign bits packed eight to a byte, the first value in the highest bit. */
    static ArrayNode packedBits(float[] vector, boolean unsigned) {
        ArrayNode array = EmulatorJson.MAPPER.createArrayNode();
        for (int start = 0; start < vector.length; start += Byte.SIZE) {
            int packed = 0;
            for (int bit = 0; bit < Byte.SIZE && start + bit < vector.length; bit++) {
                packed |= (vector[start + bit] > 0 ? 1 : 0) << (Byte.SIZE - 1 - bit);
            }
            array.add(unsigned ? packed : (byte) packed);
        }
        return array;
    }

    private static long seed(List<String> material) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : material) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            byte[] digest = sha.digest();
            long seed = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                seed = seed << Byte.SIZE | (digest[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
