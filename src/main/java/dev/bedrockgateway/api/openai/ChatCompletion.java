package dev.bedrockgateway.api.openai;

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

    /** The assistant's message; refusal is written as null, as OpenAI does when the model did not refuse. */
    public record ChoiceMessage(String role, String content, String refusal) {
    }

    /** Token counts in OpenAI's names. */
    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("total_tokens") int totalTokens) {
    }
}
