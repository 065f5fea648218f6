package dev.bedrockgateway.provider.converse;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.ToolForcing;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.ResponseFormat;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.jsonschema.JsonSchemaCheck;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Structured outputs on Bedrock, which has no response format of its own: the gateway offers one tool whose input
 * schema is the caller's schema, forces it with the strongest toolChoice the model takes ({@link ToolForcing}), and
 * answers with the call's input as the text, finished as a normal stop. The answer is checked before it is returned:
 * it must be a JSON object, and meet the schema when the caller asked for strict.
 */
final class StructuredOutput {

    /** What the model reads about the one tool it is given. */
    static final String TOOL_DESCRIPTION = "Give your whole answer by calling this tool: its input is the answer, as"
            + " JSON that meets the schema.";

    /** The check of a non-strict format: any JSON object, as OpenAI's json_object promises. */
    private static final JsonSchemaCheck ANY_OBJECT = JsonSchemaCheck.of(ResponseFormat.jsonObject().schema());

    private final ResponseFormat format;
    private final ModelSpec model;
    private final JsonSchemaCheck check;

    StructuredOutput(ResponseFormat format, ModelSpec model) {
        this.format = format;
        this.model = model;
        try {
            this.check = format.strict() ? JsonSchemaCheck.of(format.schema()) : ANY_OBJECT;
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("response_format", "The response format's schema is not a valid JSON"
                    + " Schema: " + e.getMessage());
        }
    }

    /** The request as Bedrock gets it: the answer tool offered, and forced where the model lets it be forced. */
    GenerationRequest asToolCall(GenerationRequest request) {
        ToolDefinition tool = new ToolDefinition(format.name(), TOOL_DESCRIPTION, format.schema());
        ToolChoice choice = switch (ToolForcing.of(model)) {
            case TOOL -> ToolChoice.tool(format.name());
            case ANY -> ToolChoice.ANY;
            case AUTO -> ToolChoice.AUTO;
        };
        return request.withTools(List.of(tool), choice);
    }

    /**
     * The answer: the tool call's input as text; a model that may not be forced and answered in text keeps its text,
     * which must then be the JSON itself.
     */
    GenerationResult answer(GenerationResult result) {
        String text = result.toolCalls().stream().filter(call -> call.name().equals(format.name()))
                .map(ToolCall::arguments).findFirst().orElse(result.text());
        checked(text);
        return new GenerationResult(text, List.of(), finishReason(result.finishReason()), result.usage());
    }

    /**
     * The answer streamed: the tool input's fragments as text deltas, the call's opening piece dropped, and the whole
     * text checked before the end. A violation found then ends the stream with an error in place of its end, since
     * the text has already been sent.
     */
    Flux<StreamEvent> answer(Flux<StreamEvent> events) {
        return Flux.defer(() -> {
            StringBuilder text = new StringBuilder();
            return events.concatMap(event -> {
                if (event instanceof StreamEvent.ToolCallDelta call) {
                    return call.arguments().isEmpty() ? Flux.empty() : delta(text, call.arguments());
                }
                if (event instanceof StreamEvent.Delta delta) {
                    return delta(text, delta.text());
                }
                StreamEvent.End end = (StreamEvent.End) event;
                return Mono.fromCallable(() -> {
                    checked(text.toString());
                    return new StreamEvent.End(finishReason(end.finishReason()), end.usage());
                });
            });
        });
    }

    private static Flux<StreamEvent> delta(StringBuilder text, String fragment) {
        text.append(fragment);
        return Flux.just(new StreamEvent.Delta(fragment));
    }

    /** The tool call the model was made to give is the answer, not a call for the caller to run. */
    private static FinishReason finishReason(FinishReason reason) {
        return reason == FinishReason.TOOL_USE ? FinishReason.STOP : reason;
    }

    private void checked(String text) {
        List<String> violations = check.violations(text);
        if (!violations.isEmpty()) {
            throw new GatewayException(ErrorKind.STRUCTURED_OUTPUT_INVALID, "The answer of model " + model.alias()
                    + (format.strict() ? " does not meet the schema '" + format.name() + "': "
                    : " is not a JSON object: ") + String.join("; ", violations));
        }
    }
}
