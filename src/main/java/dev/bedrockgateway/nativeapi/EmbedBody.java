package dev.bedrockgateway.nativeapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of {@code POST /v1/embed} exactly as it arrives.
 *
 * @param input      the texts to embed, answered in this order
 * @param dimensions the vector length, or null for the model's default
 * @param inputType  search_document, search_query, classification or clustering (Cohere encodes it into the vectors)
 * @param model      a catalog alias, a Bedrock model id, an inference-profile id or an ARN
 * @param route      a named route from config/gateway.yml
 * @param metadata   who the request is for
 */
public record EmbedBody(
        List<String> input,
        Integer dimensions,
        @JsonProperty("input_type") String inputType,
        String model,
        String route,
        GenerateBody.WireMetadata metadata) {
}
