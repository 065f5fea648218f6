package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.pipeline.RouteBody;
import dev.bedrockgateway.pipeline.UsageBody;
import java.math.BigDecimal;

/** The data of the native API's server-sent events (DESIGN §3): start, delta (and tool_call) and end; errors are problem details. */
final class StreamBodies {

    static final String START = "start";
    static final String DELTA = "delta";
    static final String TOOL_CALL = "tool_call";
    static final String END = "end";
    static final String ERROR = "error";

    private StreamBodies() {
    }

    /** The first event: which answer this is and which model writes it. */
    record Start(String id, String model, String alias, String provider) {
    }

    /** Text to append. */
    record Delta(String text) {
    }

    /** A piece of a tool call: id and name with the first piece of each call, then fragments of its arguments' JSON. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCall(int index, String id, String name, String arguments) {
    }

    /** The last event of a stream that finished normally. */
    record End(@JsonProperty("finish_reason") String finishReason, UsageBody usage,
               @JsonProperty("cost_usd") BigDecimal costUsd, RouteBody route) {
    }
}
