package dev.bedrockgateway.provider.cohere;

import static dev.bedrockgateway.provider.ParameterTable.Field.MAX_TOKENS;
import static dev.bedrockgateway.provider.ParameterTable.Field.SEED;
import static dev.bedrockgateway.provider.ParameterTable.Field.TEMPERATURE;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_K;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_P;
import static dev.bedrockgateway.provider.ParameterTable.UNBOUNDED;
import static dev.bedrockgateway.provider.ParameterTable.clamp;
import static dev.bedrockgateway.provider.ParameterTable.reject;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.ImageInput;
import dev.bedrockgateway.provider.InvokeModelAdapter;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.ParameterTable;
import dev.bedrockgateway.provider.StreamTally;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cohere Command R and R+ on InvokeModel: the last user turn as {@code message}, the turns before it as
 * {@code chat_history}, the system prompt as {@code preamble}.
 *
 * <p>The format always ends on the user's {@code message}, so a conversation that ends with an assistant turn
 * (a prefill) cannot be expressed and is refused rather than silently reordered. Command R reads no images.
 */
@Component
public class CohereCommandAdapter implements InvokeModelAdapter {

    /**
     * Bounds from the Bedrock Command R/R+ parameter page: p 0.01–0.99, k 0–500, output up to 4,000 tokens. Clamped,
     * so a fallback from a family with wider ranges still succeeds. Stop sequences go in "stop_sequences". The seed
     * (the only family on Bedrock that documents one) passes unbounded and unchanged: clamping goes through a double
     * and would alter a large seed, and Bedrock judges its range.
     */
    static final ParameterTable<Parameters> PARAMETERS = ParameterTable.of(
            clamp(MAX_TOKENS, "max_tokens", 1, 4000),
            clamp(TEMPERATURE, "temperature", 0, 1),
            clamp(TOP_P, "p", 0.01, 0.99),
            clamp(TOP_K, "k", 0, 500),
            reject(SEED, "seed", -UNBOUNDED, UNBOUNDED));

    /**
     * Cohere's finish reasons. USER_CANCEL ends a text the caller asked to end, so it counts as a stop;
     * STOP_SEQUENCE is listed by Cohere's own API, not by Bedrock, and kept in case it passes through.
     */
    private static final Map<String, FinishReason> FINISH_REASONS = Map.of(
            "COMPLETE", FinishReason.STOP,
            "STOP_SEQUENCE", FinishReason.STOP_SEQUENCE,
            "MAX_TOKENS", FinishReason.LENGTH,
            "ERROR_TOXIC", FinishReason.CONTENT_FILTER,
            "ERROR", FinishReason.ERROR,
            "ERROR_LIMIT", FinishReason.ERROR,
            "USER_CANCEL", FinishReason.STOP);

    @Override
    public ModelFamily family() {
        return ModelFamily.COHERE;
    }

    @Override
    public ObjectNode requestBody(GenerationRequest request, ModelSpec model) {
        ImageInput.refuse(request, model, "Cohere Command R");
        List<Message> messages = request.messages();
        Message last = messages.get(messages.size() - 1);
        if (last.role() != Role.USER) {
            throw GatewayException.invalid("Model " + model.alias() + " (Cohere Command R) cannot continue an assistant"
                    + " message: end the conversation with a user message, or choose a model that supports prefill");
        }
        ObjectNode body = NativeJson.object().put("message", last.text());
        List<Message> earlier = messages.subList(0, messages.size() - 1);
        if (!earlier.isEmpty()) {
            body.set("chat_history", chatHistory(earlier));
        }
        if (request.system() != null && !request.system().isBlank()) {
            body.put("preamble", request.system());
        }
        PARAMETERS.writeTo(body, request.parameters(), model);
        return ParameterTable.writeStop(body, "stop_sequences", request.parameters().stop());
    }

    /** The earlier turns in order, each as {@code {"role": "USER" | "CHATBOT", "message": text}}. */
    static ArrayNode chatHistory(List<Message> earlier) {
        ArrayNode history = JsonNodeFactory.instance.arrayNode();
        for (Message message : earlier) {
            history.addObject()
                    .put("role", message.role() == Role.USER ? "USER" : "CHATBOT")
                    .put("message", message.text());
        }
        return history;
    }

    /**
     * The usage is what Cohere bills, {@code meta.billed_units}, when the answer carries it (Cohere's response field,
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html); Bedrock's
     * token-count headers otherwise.
     */
    @Override
    public GenerationResult parseResponse(JsonNode body, InvokeResult result) {
        String text = NativeJson.text(body.path("text"), "Cohere answer has no 'text'");
        Usage billed = billedUnits(body);
        return GenerationResult.text(text, NativeJson.finishReason(body.path("finish_reason"), FINISH_REASONS),
                billed != null ? billed : result.headerUsage());
    }

    /** {@code meta.billed_units} as usage, or null when the answer has no such counts. */
    static Usage billedUnits(JsonNode answer) {
        JsonNode billed = answer.path("meta").path("billed_units");
        JsonNode input = billed.path("input_tokens");
        JsonNode output = billed.path("output_tokens");
        if (!input.isNumber() || !output.isNumber()) {
            return null;
        }
        return new Usage(input.asInt(), output.asInt());
    }

    /**
     * Cohere's chunks name their event: text-generation carries text, stream-end the finish reason and the whole answer
     * (with its billed units); tool, citation and search events carry no text for this API. Without billed units the
     * counts come from the invocation metrics.
     */
    @Override
    public String readChunk(JsonNode chunk, StreamTally tally) {
        String event = chunk.path("event_type").asString("");
        if (event.equals("stream-end")) {
            tally.finishReason(chunk.path("finish_reason"), FINISH_REASONS);
            // stream-end carries the whole answer, its billed units with it
            Usage billed = billedUnits(chunk.path("response"));
            if (billed != null) {
                tally.usage(billed);
            }
        }
        return event.equals("text-generation") ? chunk.path("text").asString("") : null;
    }
}
