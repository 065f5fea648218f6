package dev.bedrockgateway.core;

import java.util.Objects;

/**
 * What a tool the model called returned, sent back by the caller in a user turn.
 *
 * @param toolCallId the id of the {@link ToolCall} it answers
 * @param content    the result as text
 */
public record ToolResult(String toolCallId, String content) {

    public ToolResult {
        Objects.requireNonNull(toolCallId);
        Objects.requireNonNull(content);
    }
}
