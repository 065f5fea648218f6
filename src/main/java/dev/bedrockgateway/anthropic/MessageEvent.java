package dev.bedrockgateway.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One server-sent event of a streamed answer, in Anthropic's sequence
 * (https://docs.anthropic.com/en/docs/build-with-claude/streaming): the SSE event name and its JSON data, whose
 * {@code type} repeats the name.
 *
 * @param event the SSE event name
 * @param data  the event's body, written as JSON
 */
public record MessageEvent(String event, Object data) {

    static MessageEvent of(Object data, String type) {
        return new MessageEvent(type, data);
    }

    /** {@code message_start}: the message with empty content, no stop reason yet and no tokens counted yet. */
    record MessageStart(String type, MessageAnswer message) {
    }

    /** {@code content_block_start}: a block opens, empty (text "" or a tool_use with input {}). */
    record ContentBlockStart(String type, int index, @JsonProperty("content_block") MessageAnswer.Block contentBlock) {
    }

    /** {@code content_block_delta}: more text ({@code text_delta}) or more of a tool's input JSON ({@code input_json_delta}). */
    record ContentBlockDelta(String type, int index, Delta delta) {
    }

    /** The delta of a block. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String type, String text, @JsonProperty("partial_json") String partialJson) {
    }

    /** {@code content_block_stop}: the block at that index is complete. */
    record ContentBlockStop(String type, int index) {
    }

    /** {@code message_delta}: why the model stopped, and the tokens of the whole call. */
    record MessageDelta(String type, StopDelta delta, DeltaUsage usage) {
    }

    /** The top-level fields that changed; stop_sequence is written as null when none ended the answer. */
    record StopDelta(@JsonProperty("stop_reason") String stopReason,
                     @JsonProperty("stop_sequence") String stopSequence) {
    }

    /** Cumulative counts, as Anthropic's message_delta carries them; input_tokens because message_start had none. */
    record DeltaUsage(@JsonProperty("input_tokens") int inputTokens, @JsonProperty("output_tokens") int outputTokens) {
    }

    /** {@code message_stop} and {@code ping}, which carry only their type. */
    record Bare(String type) {
    }
}
