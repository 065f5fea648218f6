package dev.bedrockgateway.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The shape the caller wants the answer in (structured outputs): any JSON object, or JSON that meets a schema.
 * Bedrock has no such setting; the gateway enforces it by forcing a tool whose input schema is the schema, and
 * answers with the tool call's input as the text.
 *
 * @param name   what the schema describes, a name the model sees (the tool's name)
 * @param schema the JSON Schema the answer must meet, as JSON-shaped Java values (maps, lists, strings, numbers)
 * @param strict whether the answer is checked against the schema before it is returned
 */
public record ResponseFormat(String name, Map<String, Object> schema, boolean strict) {

    /** The name given to a json_object answer, which has no schema of the caller's. */
    public static final String JSON_OBJECT_NAME = "json_object";

    public ResponseFormat {
        Objects.requireNonNull(name);
        schema = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(schema)));
    }

    /** Any JSON object (OpenAI's {@code json_object}): the schema {@code {"type":"object"}}, not checked further. */
    public static ResponseFormat jsonObject() {
        return new ResponseFormat(JSON_OBJECT_NAME, Map.of("type", "object"), false);
    }
}
