package dev.bedrockgateway.openai;

import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.ResponseFormat;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ResponseFormats;
import dev.bedrockgateway.pipeline.ServedRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Maps OpenAI's Responses API ({@code POST /v1/responses}) to the canonical request and back. Responses are not
 * stored: every request carries its whole conversation, so {@code previous_response_id} and {@code conversation} are
 * refused, and {@code store} is accepted and answered as false. As on chat completions, what Bedrock can honour is
 * mapped, what makes no difference is ignored, and what would silently change the answer is refused.
 */
public final class Responses {

    private static final String TEXT_FORMAT = "text.format";

    private Responses() {
    }

    /** The canonical request, with fields the gateway does not know refused or skipped as {@code unknown} says. */
    public static GenerationRequest toCanonical(ResponseCreateRequest body, UnknownFields unknown) {
        ModelChoice choice = ModelChoice.of(body.model(), true);
        refuseUnstored(body);
        refuseUnsupported(body);
        List<ToolDefinition> tools = ResponseTools.definitions(body.tools(), unknown);
        ToolChoice toolChoice = ResponseTools.choice(body.toolChoice(), tools, unknown);
        ResponseFormat format = format(body.text(), unknown);
        ResponseFormats.withoutTools(TEXT_FORMAT, format, tools);
        List<String> systems = new ArrayList<>();
        if (body.instructions() != null && !body.instructions().isBlank()) {
            systems.add(body.instructions());
        }
        List<Message> messages = RequestChecks.conversation(ResponseInput.read(body.input(), systems, unknown));
        return new GenerationRequest(Task.CHAT, systems.isEmpty() ? null : String.join("\n\n", systems), messages,
                parameters(body), null, null, choice.model(), choice.route(),
                new RequestMetadata(body.user(), Map.of()), tools, toolChoice, format);
    }

    /** Whether the caller asked for a stream. */
    public static boolean streamed(ResponseCreateRequest body) {
        if (ChatTools.present(body.streamOptions()) && !Boolean.TRUE.equals(body.stream())) {
            throw GatewayException.invalid("stream_options", "stream_options is only allowed with stream: true");
        }
        return Boolean.TRUE.equals(body.stream());
    }

    /** What needs a stored response or conversation, which the gateway does not keep. */
    private static void refuseUnstored(ResponseCreateRequest body) {
        if (body.previousResponseId() != null) {
            throw GatewayException.invalid("previous_response_id", "previous_response_id is not supported: the"
                    + " gateway does not store responses; send the whole conversation in input, the earlier"
                    + " response's output items included");
        }
        if (ChatTools.present(body.conversation())) {
            throw GatewayException.invalid("conversation", "conversation is not supported: the gateway does not"
                    + " store conversations; send the whole conversation in input");
        }
        if (Boolean.TRUE.equals(body.background())) {
            throw GatewayException.invalid("background", "background is not supported: the gateway does not store"
                    + " responses to be fetched later; leave it out");
        }
        if (ChatTools.present(body.prompt())) {
            throw GatewayException.invalid("prompt", "prompt (a stored prompt template) is not supported: the gateway"
                    + " stores no prompts; send instructions and input instead");
        }
    }

    /**
     * Documented fields Bedrock has no counterpart for. Ignored without a word: store, metadata, include, user,
     * safety_identifier, prompt_cache_key, prompt_cache_retention, service_tier, parallel_tool_calls, truncation
     * (none changes the text). Those that would are refused unless they carry their neutral value.
     */
    private static void refuseUnsupported(ResponseCreateRequest body) {
        neutral("reasoning", !ChatTools.present(body.reasoning()) || (body.reasoning().isObject()
                        && body.reasoning().properties().stream().noneMatch(field -> ChatTools.present(field.getValue()))),
                "these Bedrock models have no reasoning settings");
        neutral("top_logprobs", body.topLogprobs() == null || body.topLogprobs() == 0,
                "Bedrock does not return log probabilities");
        neutral("max_tool_calls", body.maxToolCalls() == null, "Bedrock's models take no limit on tool calls");
    }

    private static void neutral(String field, boolean neutral, String why) {
        if (!neutral) {
            throw GatewayException.invalid(field, field + " is not supported: " + why + "; leave it out");
        }
    }

    /** {@code text}: its {@code format} (structured outputs); a verbosity other than none is refused. */
    private static ResponseFormat format(JsonNode text, UnknownFields unknown) {
        if (!ChatTools.present(text)) {
            return null;
        }
        ChatTools.object("text", text, Set.of("format", "verbosity"), unknown);
        neutral("text.verbosity", !ChatTools.present(text.get("verbosity")), "Bedrock's models have no verbosity"
                + " setting");
        return ResponseFormatWire.responses(text.get("format"));
    }

    private static Parameters parameters(ResponseCreateRequest body) {
        RequestChecks.positive("max_output_tokens", body.maxOutputTokens());
        ChatCompletions.temperature(body.temperature());
        RequestChecks.unitInterval("top_p", body.topP());
        return new Parameters(body.maxOutputTokens(), body.temperature(), body.topP(), null, List.of());
    }

    /** The whole answer as a response object; {@code model} is the catalog alias that answered. */
    public static ResponseObject answer(ServedRequest served, ResponseCreateRequest body) {
        GenerationResult result = served.dispatch().result();
        List<ResponseObject.OutputItem> output = new ArrayList<>();
        if (!result.text().isEmpty() || result.toolCalls().isEmpty()) {
            output.add(ResponseObject.OutputItem.message(RequestContext.newId("msg_"), "completed",
                    List.of(ResponseObject.OutputText.of(result.text()))));
        }
        for (ToolCall call : result.toolCalls()) {
            output.add(functionCall(call.id(), call.name(), call.arguments()));
        }
        return response(RequestContext.newId("resp_"), Instant.now().getEpochSecond(), body,
                served.dispatch().model().alias(), result.finishReason(), output, result.usage(),
                GatewayDetails.of(served));
    }

    static ResponseObject.OutputItem functionCall(String callId, String name, String arguments) {
        return ResponseObject.OutputItem.functionCall(RequestContext.newId("fc_"), "completed", callId, name,
                arguments);
    }

    /**
     * A response object; what the request set is echoed back as OpenAI does.
     *
     * @param finishReason why the model stopped, or null while it is still answering (status in_progress)
     */
    static ResponseObject response(String id, long createdAt, ResponseCreateRequest body, String model,
                                   FinishReason finishReason, List<ResponseObject.OutputItem> output, Usage usage,
                                   GatewayDetails gateway) {
        String incomplete = finishReason == null ? null : switch (finishReason) {
            case LENGTH -> "max_output_tokens";
            case CONTENT_FILTER -> "content_filter";
            default -> null;
        };
        String status = finishReason == null ? "in_progress" : incomplete != null ? "incomplete" : "completed";
        return new ResponseObject(id, ResponseObject.OBJECT, createdAt, status, null,
                incomplete == null ? null : new ResponseObject.IncompleteDetails(incomplete), body.instructions(),
                body.maxOutputTokens(), body.metadata() == null ? Map.of() : body.metadata(), model, output,
                !Boolean.FALSE.equals(body.parallelToolCalls()), null, false, body.temperature(),
                ChatTools.present(body.text()) ? body.text() : Map.of("format", Map.of("type", "text")),
                ChatTools.present(body.toolChoice()) ? body.toolChoice() : "auto",
                ChatTools.present(body.tools()) ? body.tools() : List.of(), body.topP(),
                body.truncation() == null ? "disabled" : body.truncation(),
                usage == null ? null : ResponseObject.Usage.of(usage), body.user(), gateway);
    }
}
