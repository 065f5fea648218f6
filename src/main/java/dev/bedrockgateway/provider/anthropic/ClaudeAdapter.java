package dev.bedrockgateway.provider.anthropic;

import static dev.bedrockgateway.provider.ParameterTable.Field.TEMPERATURE;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_K;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_P;
import static dev.bedrockgateway.provider.ParameterTable.UNBOUNDED;
import static dev.bedrockgateway.provider.ParameterTable.reject;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.provider.AlternatingTurns;
import dev.bedrockgateway.provider.ImageInput;
import dev.bedrockgateway.provider.InvokeModelAdapter;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.ParameterTable;
import dev.bedrockgateway.provider.StreamTally;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's Messages API on Bedrock (Claude 3 and later).
 *
 * <p>Every message's {@code content} is sent as an array of blocks, never as a bare string. Both shapes are valid;
 * one shape keeps text-only, image and merged turns on the same path and the goldens easy to read.
 */
@Component
public class ClaudeAdapter implements InvokeModelAdapter {

    /** The only Messages API version Bedrock documents; the body is rejected without it. */
    static final String ANTHROPIC_VERSION = "bedrock-2023-05-31";

    /** Image media types Claude reads (AWS "Anthropic Claude Messages API" page, Anthropic's vision guide). */
    static final Set<String> IMAGE_MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    /** max_tokens is required by Claude, so it is checked apart from the optional fields below. */
    private static final ParameterTable.Row<Parameters> MAX_TOKENS =
            reject(ParameterTable.Field.MAX_TOKENS, "max_tokens", 1, UNBOUNDED);

    /**
     * Optional sampling fields: renames and Anthropic's documented ranges; top_k's upper bound is left to Bedrock.
     * Rejected, not clamped: a caller who asks Claude for a value outside its range learns so from a 400 naming the
     * field, as this adapter has always answered.
     */
    private static final ParameterTable<Parameters> SAMPLING = ParameterTable.of(
            reject(TEMPERATURE, "temperature", 0, 1),
            reject(TOP_P, "top_p", 0, 1),
            reject(TOP_K, "top_k", 0, UNBOUNDED));

    /**
     * Claude's stop_reason values. Claude 3 sends the first four; newer Claude models reached through the same
     * Messages API add "refusal" (declined for safety) and "model_context_window_exceeded" (output ran out of room).
     */
    private static final Map<String, FinishReason> STOP_REASONS = Map.of(
            "end_turn", FinishReason.STOP,
            "max_tokens", FinishReason.LENGTH,
            "stop_sequence", FinishReason.STOP_SEQUENCE,
            "tool_use", FinishReason.TOOL_USE,
            "refusal", FinishReason.CONTENT_FILTER,
            "model_context_window_exceeded", FinishReason.LENGTH);

    @Override
    public ModelFamily family() {
        return ModelFamily.ANTHROPIC;
    }

    @Override
    public ObjectNode requestBody(GenerationRequest request, ModelSpec model) {
        Parameters parameters = request.parameters();
        ObjectNode body = NativeJson.object();
        body.put("anthropic_version", ANTHROPIC_VERSION);
        Number maxTokens = MAX_TOKENS.read(parameters, model);
        body.put("max_tokens", maxTokens != null ? maxTokens.intValue() : model.maxOutputTokens());
        if (request.system() != null && !request.system().isBlank()) {
            body.put("system", request.system());
        }
        body.set("messages", messages(AlternatingTurns.of(request.messages(), model), model));
        SAMPLING.writeTo(body, parameters, model);
        return ParameterTable.writeStop(body, "stop_sequences", parameters.stop());
    }

    @Override
    public GenerationResult parseResponse(JsonNode body, InvokeResult result) {
        JsonNode content = body.get("content");
        if (content == null || !content.isArray()) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "Claude answered without a \"content\" array");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asString(""))) {
                text.append(block.path("text").asString(""));
            }
        }
        JsonNode usage = body.path("usage");
        return GenerationResult.text(text.toString(), NativeJson.finishReason(body.path("stop_reason"), STOP_REASONS),
                NativeJson.usage(usage.path("input_tokens"), usage.path("output_tokens"), result));
    }

    private static ArrayNode messages(List<Message> turns, ModelSpec model) {
        ArrayNode messages = NativeJson.MAPPER.createArrayNode();
        for (Message turn : turns) {
            ObjectNode message = messages.addObject();
            message.put("role", turn.role().name().toLowerCase(Locale.ROOT));
            ArrayNode content = message.putArray("content");
            for (Part part : turn.parts()) {
                content.add(part.isText() ? textBlock(part) : imageBlock(part, model));
            }
        }
        return messages;
    }

    private static ObjectNode textBlock(Part part) {
        return NativeJson.object().put("type", "text").put("text", part.text());
    }

    private static ObjectNode imageBlock(Part part, ModelSpec model) {
        ImageInput.requireVision(model);
        if (!IMAGE_MEDIA_TYPES.contains(part.mediaType())) {
            throw GatewayException.invalid("Image media type " + part.mediaType() + " is not accepted by "
                    + model.alias() + "; use one of " + String.join(", ", IMAGE_MEDIA_TYPES.stream().sorted().toList()));
        }
        ObjectNode block = NativeJson.object().put("type", "image");
        block.putObject("source")
                .put("type", "base64")
                .put("media_type", part.mediaType())
                .put("data", Base64.getEncoder().encodeToString(part.data()));
        return block;
    }

    /**
     * Anthropic's stream events: text in content_block_delta's text_delta (a tool's input_json_delta is not text), the
     * input count in message_start, the stop reason and output count in message_delta.
     */
    @Override
    public String readChunk(JsonNode chunk, StreamTally tally) {
        switch (chunk.path("type").asString("")) {
            case "message_start" -> tally.inputTokens(chunk.path("message").path("usage").path("input_tokens"));
            case "message_delta" -> {
                tally.finishReason(chunk.path("delta").path("stop_reason"), STOP_REASONS);
                tally.outputTokens(chunk.path("usage").path("output_tokens"));
            }
            case "content_block_delta" -> {
                JsonNode delta = chunk.path("delta");
                return "text_delta".equals(delta.path("type").asString("")) ? delta.path("text").asString("") : null;
            }
            default -> {
                // content_block_start/stop, message_stop and pings carry no text
            }
        }
        return null;
    }
}
