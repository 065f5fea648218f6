package dev.bedrockgateway.nativeapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/generate} exactly as it arrives; {@link GenerateRequests} checks it and turns
 * it into the canonical request.
 */
public record GenerateBody(
        List<WireMessage> messages,
        String prompt,
        String system,
        String task,
        String model,
        String route,
        WireParameters parameters,
        WireImage image,
        Boolean stream,
        @JsonProperty("provider_options") Map<String, Object> providerOptions,
        WireMetadata metadata,
        @JsonProperty("response_format") WireResponseFormat responseFormat) {

    /** The body without a response format. */
    public GenerateBody(List<WireMessage> messages, String prompt, String system, String task, String model,
                        String route, WireParameters parameters, WireImage image, Boolean stream,
                        Map<String, Object> providerOptions, WireMetadata metadata) {
        this(messages, prompt, system, task, model, route, parameters, image, stream, providerOptions, metadata, null);
    }

    /** One turn; content is a string or a list of parts, told apart when mapped. */
    public record WireMessage(String role, JsonNode content) {
    }

    /** Sampling parameters; stop is a string or a list of strings. */
    public record WireParameters(
            @JsonProperty("max_tokens") Integer maxTokens,
            Double temperature,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("top_k") Integer topK,
            JsonNode stop) {
    }

    /** Image options for {@code "task": "image"}. */
    public record WireImage(
            Integer width,
            Integer height,
            Integer count,
            Integer steps,
            @JsonProperty("cfg_scale") Double cfgScale,
            Long seed,
            @JsonProperty("negative_prompt") String negativePrompt,
            @JsonProperty("style_preset") String stylePreset) {
    }

    /**
     * Structured outputs: the answer's text is JSON that meets {@code schema}.
     *
     * @param name   what the schema describes (default {@value GenerateRequests#DEFAULT_FORMAT_NAME})
     * @param schema a JSON Schema whose root is an object
     * @param strict whether the answer is checked against the schema before it is returned (default true)
     */
    public record WireResponseFormat(String name, JsonNode schema, Boolean strict) {
    }

    /** Who the request is for; used for stickiness and reporting, never sent to the model. */
    public record WireMetadata(String user, Map<String, String> tags) {
    }
}
