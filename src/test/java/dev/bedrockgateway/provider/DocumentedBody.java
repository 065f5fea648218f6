package dev.bedrockgateway.provider;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Compares a body an adapter wrote with the body AWS documents for the same request, field by field: the same names
 * and nesting, every documented field present, nothing AWS does not list, and each value of the documented type and
 * value.
 *
 * <p>The documented body is written in a test from the facts on AWS's parameter page (field names, types, example
 * values). Its numbers carry the documented type: an integer literal ({@code 512}) stands for an {@code int} field, and
 * the adapter must write an integer; a literal with a fraction ({@code 0.5}, {@code 250.0}) stands for a {@code float}
 * field, which Bedrock reads alike whether written 250 or 250.0.
 */
public final class DocumentedBody {

    private DocumentedBody() {
    }

    /** Fails with every difference listed by its JSON path, and both bodies, when they differ. */
    public static void assertMatches(JsonNode actual, String documentedJson) {
        JsonNode documented = NativeJson.MAPPER.readTree(documentedJson);
        List<String> differences = new ArrayList<>();
        compare("$", documented, actual, differences);
        if (!differences.isEmpty()) {
            fail("The adapter's body differs from AWS's documented body:%n  %s%ndocumented: %s%nadapter:    %s",
                    String.join("\n  ", differences), documented, actual);
        }
    }

    static List<String> differences(JsonNode actual, String documentedJson) {
        List<String> differences = new ArrayList<>();
        compare("$", NativeJson.MAPPER.readTree(documentedJson), actual, differences);
        return differences;
    }

    private static void compare(String path, JsonNode documented, JsonNode actual, List<String> differences) {
        if (documented.isObject()) {
            compareObjects(path, documented, actual, differences);
        } else if (documented.isArray()) {
            compareArrays(path, documented, actual, differences);
        } else if (documented.isIntegralNumber()) {
            if (!actual.isIntegralNumber() || actual.bigIntegerValue().compareTo(documented.bigIntegerValue()) != 0) {
                differences.add(path + ": documented as the int " + documented + ", the adapter wrote " + actual);
            }
        } else if (documented.isNumber()) {
            if (!actual.isNumber() || actual.decimalValue().compareTo(documented.decimalValue()) != 0) {
                differences.add(path + ": documented as the float " + documented + ", the adapter wrote " + actual);
            }
        } else if (!documented.equals(actual)) {
            differences.add(path + ": documented " + documented + ", the adapter wrote " + actual);
        }
    }

    private static void compareObjects(String path, JsonNode documented, JsonNode actual, List<String> differences) {
        if (!actual.isObject()) {
            differences.add(path + ": documented as an object, the adapter wrote " + actual);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = documented.properties().iterator(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = actual.get(field.getKey());
            if (value == null) {
                differences.add(path + "." + field.getKey() + ": missing");
            } else {
                compare(path + "." + field.getKey(), field.getValue(), value, differences);
            }
        }
        for (String name : actual.propertyNames()) {
            if (!documented.has(name)) {
                differences.add(path + "." + name + ": not in AWS's documented body (the adapter wrote "
                        + actual.get(name) + ")");
            }
        }
    }

    private static void compareArrays(String path, JsonNode documented, JsonNode actual, List<String> differences) {
        if (!actual.isArray() || actual.size() != documented.size()) {
            differences.add(path + ": documented " + documented + ", the adapter wrote " + actual);
            return;
        }
        for (int i = 0; i < documented.size(); i++) {
            compare(path + "[" + i + "]", documented.get(i), actual.get(i), differences);
        }
    }
}
