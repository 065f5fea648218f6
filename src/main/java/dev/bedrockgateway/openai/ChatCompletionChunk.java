package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.core.StreamEvent;
import java.util.List;

/**
 * One {@code chat.completion.chunk} of a streamed chat completion, as OpenAI sends it. Every chunk of a stream has
 * the same id; the usage chunk (when asked for with {@code stream_options.include_usage}) has no choices.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Choice> choices,
        ChatCompletion.Usage usage) {

    public static final String OBJECT = "chat.completion.chunk";

    /** The one choice of a chunk; finish_reason is written as null until the last content chunk, as OpenAI does. */
    public record Choice(int index, Delta delta,
                         @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason") String finishReason) {
    }

    /** What the chunk adds to the message: the role once, then text or pieces of tool calls. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content, @JsonProperty("tool_calls") List<ToolCallDelta> toolCalls) {

        public Delta(String role, String content) {
            this(role, content, null);
        }

        /** A piece of a tool call: its id, type and name with empty arguments first, then argument fragments. */
        static Delta toolCall(StreamEvent.ToolCallDelta call) {
            boolean first = call.id() != null;
            return new Delta(null, null, List.of(new ToolCallDelta(call.index(), call.id(),
                    first ? ChatTools.FUNCTION : null, new FunctionDelta(call.name(), call.arguments()))));
        }
    }

    /** One tool call's piece, found by index; id and type come with the first piece only. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {
    }

    /** The function's name (first piece only) and the next fragment of its arguments. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionDelta(String name, String arguments) {
    }
}
