package dev.bedrockgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import tools.jackson.databind.JsonNode;

/** Hand-written native JSON under src/test/resources/bedrock/, and the comparison adapters' output must pass. */
public final class GoldenFiles {

    /**
     * Numbers are equal when their values are equal and both are integers or both are not: Bedrock reads 7 and 7.0
     * alike for a float field, but an integer field written as 30.0 is a real difference worth failing on.
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            boolean same = a.isIntegralNumber() == b.isIntegralNumber()
                    && a.decimalValue().compareTo(b.decimalValue()) == 0;
            return same ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
    };

    private GoldenFiles() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String path) {
        return NativeJson.MAPPER.readTree(bytes(path));
    }

    /** Fails with both documents pretty-printed side by side when they differ. */
    public static void assertMatches(JsonNode actual, String path) {
        JsonNode golden = json(path);
        if (!golden.equals(SAME_VALUE, actual)) {
            String pretty = NativeJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual);
            String expected = NativeJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(golden);
            assertThat(pretty).as("native JSON against golden %s", path).isEqualTo(expected);
            fail("native JSON differs from golden %s only in number types:%n%s", path, pretty);
        }
    }
}
