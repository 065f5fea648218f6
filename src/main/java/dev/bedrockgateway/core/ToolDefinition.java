package dev.bedrockgateway.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function the caller offers the model: the model may answer with a {@link ToolCall} of it instead of text.
 *
 * @param name        how the model names it in a call
 * @param description what it does, for the model to judge when to call it, or null
 * @param inputSchema the JSON Schema of its arguments, as JSON-shaped Java values (maps, lists, strings, numbers)
 */
public record ToolDefinition(String name, String description, Map<String, Object> inputSchema) {

    public ToolDefinition {
        Objects.requireNonNull(name);
        inputSchema = inputSchema == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
    }
}
