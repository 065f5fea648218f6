package dev.bedrockgateway.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The emulator's one JSON mapper and the few reads every family needs. */
final class EmulatorJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private EmulatorJson() {
    }

    /** Parses a request body; anything that is not JSON is Bedrock's generic "Malformed input request". */
    static JsonNode parseBody(byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed();
            }
            return node;
        } catch (JacksonException e) {
            throw malformed();
        }
    }

    private static BedrockError malformed() {
        return BedrockError.validation("Malformed input request, please reformat your input and try again.");
    }

    /** Whether a string is non-empty, standard base64, as Bedrock demands of image bytes. */
    static boolean isBase64(String data) {
        try {
            Base64.getDecoder().decode(data);
            return !data.isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The strings of an array property, or an empty list when it is absent. */
    static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : node.path(field).values()) {
            values.add(item.asString());
        }
        return values;
    }

    /** An integer property, or null when it is absent. */
    static Integer optionalInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    /** An id that is the same for the same material, so the same request gets the same answer body. */
    static String stableId(String material) {
        return UUID.nameUUIDFromBytes(material.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String stableHex(String material) {
        return stableId(material).replace("-", "");
    }
}
