package dev.bedrockgateway.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens} as Anthropic defines it
 * (https://docs.anthropic.com/en/api/messages). Content, tools and the system prompt are read as trees, because each
 * is a string or a list of typed blocks; {@link Messages} maps, ignores or refuses each field. The fields Anthropic
 * documents for features Bedrock's models do not take through the gateway (extended thinking, server-side MCP,
 * containers, service tiers, context management) are named so they are ignored by design, not by accident.
 */
public record MessagesRequest(
        String model,
        @JsonProperty("max_tokens") Integer maxTokens,
        JsonNode messages,
        JsonNode system,
        JsonNode metadata,
        @JsonProperty("stop_sequences") JsonNode stopSequences,
        Boolean stream,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        JsonNode thinking,
        @JsonProperty("service_tier") String serviceTier,
        JsonNode container,
        @JsonProperty("mcp_servers") JsonNode mcpServers,
        @JsonProperty("context_management") JsonNode contextManagement) {
}
