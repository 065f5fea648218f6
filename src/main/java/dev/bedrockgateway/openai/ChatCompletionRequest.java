package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/chat/completions} as OpenAI defines it. Every field OpenAI documents is named here, so
 * a field nobody documents (a typo such as {@code max_token}) is refused as unknown; {@link ChatCompletions} decides
 * which of the documented ones are mapped, ignored or refused.
 */
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        JsonNode stop,
        Long seed,
        String user,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") JsonNode streamOptions,
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        JsonNode functions,
        @JsonProperty("function_call") JsonNode functionCall,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("presence_penalty") Double presencePenalty,
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("logit_bias") Map<String, Double> logitBias,
        @JsonProperty("response_format") JsonNode responseFormat,
        List<String> modalities,
        JsonNode audio,
        JsonNode prediction,
        @JsonProperty("reasoning_effort") String reasoningEffort,
        String verbosity,
        @JsonProperty("web_search_options") JsonNode webSearchOptions,
        Boolean store,
        Map<String, String> metadata,
        @JsonProperty("service_tier") String serviceTier,
        @JsonProperty("prompt_cache_key") String promptCacheKey,
        @JsonProperty("prompt_cache_options") JsonNode promptCacheOptions,
        @JsonProperty("prompt_cache_retention") String promptCacheRetention,
        JsonNode moderation,
        @JsonProperty("safety_identifier") String safetyIdentifier) {

    /** One message; content is a string or a list of parts, told apart when mapped. */
    public record ChatMessage(
            String role,
            JsonNode content,
            String name,
            String refusal,
            @JsonProperty("tool_calls") JsonNode toolCalls,
            @JsonProperty("tool_call_id") String toolCallId,
            @JsonProperty("function_call") JsonNode functionCall,
            JsonNode audio) {
    }
}
