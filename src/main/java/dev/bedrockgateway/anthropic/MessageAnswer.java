package dev.bedrockgateway.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's {@code Message} answer (https://docs.anthropic.com/en/api/messages): the assistant's content blocks, why
 * it stopped, and the tokens used. {@code model} is the catalog alias that answered; {@code stop_sequence} is written
 * as null when no stop sequence ended the answer, as Anthropic does.
 */
public record MessageAnswer(
        String id,
        String type,
        String role,
        List<Block> content,
        String model,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("stop_sequence") String stopSequence,
        Usage usage) {

    static final String TYPE = "message";
    static final String ROLE = "assistant";

    /** A text block ({@code type}, {@code text}) or a tool_use block ({@code type}, {@code id}, {@code name}, {@code input}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Block(String type, String text, String id, String name, JsonNode input) {

        static Block text(String text) {
            return new Block("text", text, null, null, null);
        }

        static Block toolUse(String id, String name, JsonNode input) {
            return new Block("tool_use", null, id, name, input);
        }
    }

    /**
     * Tokens in Anthropic's names. The cache counts are 0: the gateway sends no cache_control to Bedrock, so nothing is
     * read from or written to a prompt cache.
     */
    public record Usage(@JsonProperty("input_tokens") int inputTokens,
                        @JsonProperty("output_tokens") int outputTokens,
                        @JsonProperty("cache_creation_input_tokens") int cacheCreationInputTokens,
                        @JsonProperty("cache_read_input_tokens") int cacheReadInputTokens) {

        static Usage of(dev.bedrockgateway.core.Usage usage) {
            return new Usage(usage.inputTokens(), usage.outputTokens(), 0, 0);
        }
    }
}
