package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's response object ({@code "object": "response"}), as https://platform.openai.com/docs/api-reference/responses/object
 * documents it. Nullable fields are written as null rather than left out, as OpenAI does, since its clients expect
 * every field. {@code output_text} is not here: it is a convenience the Python and Node SDKs compute from
 * {@code output}, not a field of the wire object.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ResponseObject(
        String id,
        String object,
        @JsonProperty("created_at") long createdAt,
        String status,
        Object error,
        @JsonProperty("incomplete_details") IncompleteDetails incompleteDetails,
        String instructions,
        @JsonProperty("max_output_tokens") Integer maxOutputTokens,
        Map<String, String> metadata,
        String model,
        List<OutputItem> output,
        @JsonProperty("parallel_tool_calls") boolean parallelToolCalls,
        @JsonProperty("previous_response_id") String previousResponseId,
        boolean store,
        Double temperature,
        Object text,
        @JsonProperty("tool_choice") Object toolChoice,
        Object tools,
        @JsonProperty("top_p") Double topP,
        String truncation,
        Usage usage,
        String user,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("x_gateway") GatewayDetails gateway) {

    public static final String OBJECT = "response";

    /** Why a response stopped short: {@code max_output_tokens} or {@code content_filter}. */
    public record IncompleteDetails(String reason) {
    }

    /**
     * One item of {@code output}: a {@code message} (role, content) or a {@code function_call} (call_id, name,
     * arguments); the fields of the other kind are left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OutputItem(String type, String id, String status, String role, List<OutputText> content,
                             @JsonProperty("call_id") String callId, String name, String arguments) {

        static OutputItem message(String id, String status, List<OutputText> content) {
            return new OutputItem("message", id, status, "assistant", content, null, null, null);
        }

        static OutputItem functionCall(String id, String status, String callId, String name, String arguments) {
            return new OutputItem("function_call", id, status, null, null, callId, name, arguments);
        }
    }

    /** A message's text: {@code {"type":"output_text","text","annotations":[]}}. */
    public record OutputText(String type, String text, List<Object> annotations) {

        static OutputText of(String text) {
            return new OutputText("output_text", text, List.of());
        }
    }

    /** Tokens, with the details OpenAI's clients read (Bedrock reports neither cached nor reasoning tokens here). */
    public record Usage(@JsonProperty("input_tokens") int inputTokens,
                        @JsonProperty("input_tokens_details") Map<String, Integer> inputTokensDetails,
                        @JsonProperty("output_tokens") int outputTokens,
                        @JsonProperty("output_tokens_details") Map<String, Integer> outputTokensDetails,
                        @JsonProperty("total_tokens") int totalTokens) {

        static Usage of(dev.bedrockgateway.core.Usage usage) {
            return new Usage(usage.inputTokens(), Map.of("cached_tokens", 0), usage.outputTokens(),
                    Map.of("reasoning_tokens", 0), usage.totalTokens());
        }
    }
}
