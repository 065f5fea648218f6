package dev.bedrockgateway.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One server-sent event of a streamed response, as https://platform.openai.com/docs/api-reference/responses-streaming
 * documents them: every event has its {@code type} and a {@code sequence_number} counting from 0; the other fields
 * are those of its type, the rest left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseStreamEvent(
        String type,
        @JsonProperty("sequence_number") long sequenceNumber,
        ResponseObject response,
        @JsonProperty("output_index") Integer outputIndex,
        ResponseObject.OutputItem item,
        @JsonProperty("item_id") String itemId,
        @JsonProperty("content_index") Integer contentIndex,
        ResponseObject.OutputText part,
        String delta,
        String text,
        String arguments,
        String name,
        List<Object> logprobs,
        String code,
        String message,
        String param) {
}
