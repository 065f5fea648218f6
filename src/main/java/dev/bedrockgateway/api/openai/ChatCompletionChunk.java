package dev.bedrockgateway.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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

    /** What the chunk adds to the message: the role once, then text. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }
}
