package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/responses} as OpenAI defines it (https://platform.openai.com/docs/api-reference/responses/create).
 * Every documented field is named, so an undocumented one is refused as unknown; {@link Responses} decides which are
 * mapped, ignored or refused.
 */
public record ResponseCreateRequest(
        String model,
        JsonNode input,
        String instructions,
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        JsonNode text,
        Boolean stream,
        @JsonProperty("stream_options") JsonNode streamOptions,
        Map<String, String> metadata,
        Boolean store,
        @JsonProperty("previous_response_id") String previousResponseId,
        JsonNode conversation,
        Boolean background,
        JsonNode prompt,
        JsonNode include,
        JsonNode reasoning,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        @JsonProperty("max_tool_calls") Integer maxToolCalls,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        String truncation,
        String user,
        @JsonProperty("safety_identifier") String safetyIdentifier,
        @JsonProperty("prompt_cache_key") String promptCacheKey,
        @JsonProperty("prompt_cache_retention") String promptCacheRetention,
        @JsonProperty("service_tier") String serviceTier) {
}
