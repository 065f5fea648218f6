package dev.bedrockgateway.core;

import java.util.Objects;

/**
 * A model's call of a tool, in an answer or replayed by the caller in a later assistant turn.
 *
 * @param id        the model's id of the call, which the tool's result quotes
 * @param name      the tool called
 * @param arguments the arguments as a JSON object's text, as OpenAI carries them
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(arguments);
    }
}
