package dev.bedrockgateway.provider.meta;

import static dev.bedrockgateway.provider.ParameterTable.Field.MAX_TOKENS;
import static dev.bedrockgateway.provider.ParameterTable.Field.TEMPERATURE;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_P;
import static dev.bedrockgateway.provider.ParameterTable.clamp;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.ImageInput;
import dev.bedrockgateway.provider.InvokeModelAdapter;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.StreamTally;
import dev.bedrockgateway.provider.ParameterTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Meta Llama 3 Instruct on InvokeModel: the conversation rendered into Llama 3's chat template as one prompt.
 *
 * <p>Llama on Bedrock accepts only {@code max_gen_len}, {@code temperature} and {@code top_p}. The canonical
 * {@code top_k} and {@code stop} have no native field and are dropped: sending them would make Bedrock reject the
 * whole call with a ValidationException, and emulating stop sequences by cutting the output afterwards would still
 * bill the tokens and misreport the finish reason.
 */
@Component
public class LlamaAdapter implements InvokeModelAdapter {

    /**
     * Bounds from the Bedrock Llama 3 parameter page: max_gen_len 1–2048, temperature and top_p 0–1. Clamped, so a
     * fallback from a family with wider ranges still succeeds.
     */
    static final ParameterTable<Parameters> PARAMETERS = ParameterTable.of(
            clamp(MAX_TOKENS, "max_gen_len", 1, 2048),
            clamp(TEMPERATURE, "temperature", 0, 1),
            clamp(TOP_P, "top_p", 0, 1));

    private static final Map<String, FinishReason> STOP_REASONS = Map.of(
            "stop", FinishReason.STOP,
            "length", FinishReason.LENGTH);

    private static final String BEGIN_OF_TEXT = "<|begin_of_text|>";
    private static final String END_OF_TURN = "<|eot_id|>";

    @Override
    public ModelFamily family() {
        return ModelFamily.META;
    }

    @Override
    public ObjectNode requestBody(GenerationRequest request, ModelSpec model) {
        ImageInput.refuse(request, model, "Llama 3");
        ObjectNode body = NativeJson.object().put("prompt", prompt(request));
        return PARAMETERS.writeTo(body, request.parameters(), model);
    }

    /**
     * The Llama 3 chat template: begin-of-text, the optional system turn, every turn closed by end-of-turn, then an
     * open assistant header for the model to complete. A trailing assistant message is a prefill: its text follows
     * that open header unclosed, so the model continues it. Each text is stripped, as Meta's reference
     * {@code ChatFormat.encode_message} does, because the template's own "\n\n" already separates header and text.
     */
    static String prompt(GenerationRequest request) {
        StringBuilder prompt = new StringBuilder(BEGIN_OF_TEXT);
        if (request.system() != null && !request.system().isBlank()) {
            appendTurn(prompt, "system", request.system());
        }
        List<Message> messages = request.messages();
        Message last = messages.get(messages.size() - 1);
        boolean prefill = last.role() == Role.ASSISTANT;
        for (Message message : prefill ? messages.subList(0, messages.size() - 1) : messages) {
            appendTurn(prompt, roleName(message.role()), message.text());
        }
        appendHeader(prompt, "assistant");
        if (prefill) {
            prompt.append(last.text().strip());
        }
        return prompt.toString();
    }

    private static void appendTurn(StringBuilder prompt, String role, String text) {
        appendHeader(prompt, role);
        prompt.append(text.strip()).append(END_OF_TURN);
    }

    private static void appendHeader(StringBuilder prompt, String role) {
        prompt.append("<|start_header_id|>").append(role).append("<|end_header_id|>\n\n");
    }

    private static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public GenerationResult parseResponse(JsonNode body, InvokeResult result) {
        String generation = NativeJson.text(body.path("generation"), "Llama answer has no 'generation' text");
        Usage usage = NativeJson.usage(body.path("prompt_token_count"), body.path("generation_token_count"), result);
        return GenerationResult.text(generation, NativeJson.finishReason(body.path("stop_reason"), STOP_REASONS), usage);
    }

    /** Llama's chunks have the answer's fields: new text in generation, the counts and stop_reason once known. */
    @Override
    public String readChunk(JsonNode chunk, StreamTally tally) {
        tally.inputTokens(chunk.path("prompt_token_count"));
        tally.outputTokens(chunk.path("generation_token_count"));
        tally.finishReason(chunk.path("stop_reason"), STOP_REASONS);
        return chunk.path("generation").asString("");
    }
}
