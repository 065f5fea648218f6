package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** OpenAI's {@code chat.completion} answer, with the gateway's own details under {@code x_gateway}. */
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        @JsonProperty("x_gateway") GatewayDetails gateway) {

    /** The one choice; logprobs is always null, written out because OpenAI's clients expect the field. */
    public record Choice(int index, ChoiceMessage message, @JsonProperty("finish_reason") String finishReason,
                         Object logprobs) {
    }

    /**
     * The assistant's message; refusal is written as null, as OpenAI does when the model did not refuse, and content
     * is null when the model only called tools. tool_calls is left out when there are none, as OpenAI does.
     */
    public record ChoiceMessage(String role, String content, String refusal,
                                @JsonInclude(JsonInclude.Include.NON_EMPTY)
                                @JsonProperty("tool_calls") List<ToolCallBody> toolCalls) {
    }

    /** One tool call: the id the tool's result quotes, and the function with its arguments as JSON text. */
    public record ToolCallBody(String id, String type, FunctionBody function) {
    }

    /** The function called and its arguments (a JSON object's text). */
    public record FunctionBody(String name, String arguments) {
    }

    /** Token counts in OpenAI's names. */
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("total_tokens") int totalTokens) {
    }
}
