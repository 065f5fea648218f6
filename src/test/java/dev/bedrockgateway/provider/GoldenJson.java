package dev.bedrockgateway.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;

/** Golden native bodies under {@code src/test/resources/bedrock/<family>/}, written by hand from Bedrock's docs. */
public final class GoldenJson {

    private GoldenJson() {
    }

    /** The golden file parsed as a JSON tree, e.g. {@code read("meta/single-prompt.request.json")}. */
    public static JsonNode read(String path) {
        try (InputStream in = GoldenJson.class.getResourceAsStream("/bedrock/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file bedrock/" + path);
            }
            return NativeJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden file's bytes, as Bedrock would send them. */
    public static byte[] bytes(String path) {
        try (InputStream in = GoldenJson.class.getResourceAsStream("/bedrock/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file bedrock/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
