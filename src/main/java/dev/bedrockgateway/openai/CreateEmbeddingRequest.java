package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/embeddings} as OpenAI defines it; {@link Embeddings} maps it to an embedding request.
 *
 * @param input          a string or a list of strings (OpenAI's token-id arrays are refused: Bedrock models take text)
 * @param encodingFormat float (default) or base64
 * @param inputType      the gateway's own addition, for models that encode the use into the vectors (Cohere):
 *                       search_document (default), search_query, classification or clustering; OpenAI's SDKs send
 *                       it as an extra body field
 */
public record CreateEmbeddingRequest(
        String model,
        JsonNode input,
        @JsonProperty("encoding_format") String encodingFormat,
        Integer dimensions,
        String user,
        @JsonProperty("input_type") String inputType) {
}
