package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.AttemptBody;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An error answer as {@code application/problem+json} (RFC 9457) with the gateway's code and request id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        @JsonProperty("request_id") String requestId,
        List<AttemptBody> attempts) {

    /** Problem types are URNs: stable names that point at no server. */
    static final String TYPE_PREFIX = "urn:bedrock-gateway:problem:";
}
