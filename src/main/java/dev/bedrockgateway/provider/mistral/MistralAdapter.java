package dev.bedrockgateway.provider.mistral;

import static dev.bedrockgateway.provider.ParameterTable.Field.MAX_TOKENS;
import static dev.bedrockgateway.provider.ParameterTable.Field.TEMPERATURE;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_K;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_P;
import static dev.bedrockgateway.provider.ParameterTable.clamp;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.provider.AlternatingTurns;
import dev.bedrockgateway.provider.ImageInput;
import dev.bedrockgateway.provider.InvokeModelAdapter;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.StreamTally;
import dev.bedrockgateway.provider.ParameterTable;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mistral Large (2402) on InvokeModel in Mistral's text-completion format: the conversation rendered into
 * {@code <s>[INST] … [/INST]} instruct markup as one prompt.
 *
 * <p>The format has no system role. Mistral Large 2402 uses Mistral's V2 instruct tokenizer, and for V2 Mistral's
 * reference tokenizer (mistral-common) puts the system prompt in front of the <em>last</em> user message, separated by
 * a blank line; this adapter does the same, so the instruction sits next to the question the model answers now.
 */
@Component
public class MistralAdapter implements InvokeModelAdapter {

    /**
     * Bounds from the Bedrock Mistral text-completion page for Mistral Large: max_tokens up to 8,192, top_k 1–200.
     * Clamped, so a fallback from a family with wider ranges still succeeds. Stop sequences go in "stop".
     */
    static final ParameterTable<Parameters> PARAMETERS = ParameterTable.of(
            clamp(MAX_TOKENS, "max_tokens", 1, 8192),
            clamp(TEMPERATURE, "temperature", 0, 1),
            clamp(TOP_P, "top_p", 0, 1),
            clamp(TOP_K, "top_k", 1, 200));

    /**
     * Bedrock documents "stop" and "length"; "model_length" (context window full) and "error" are values of Mistral's
     * own API, mapped in case Bedrock passes them through.
     */
    private static final Map<String, FinishReason> STOP_REASONS = Map.of(
            "stop", FinishReason.STOP,
            "length", FinishReason.LENGTH,
            "model_length", FinishReason.LENGTH,
            "error", FinishReason.ERROR);

    @Override
    public ModelFamily family() {
        return ModelFamily.MISTRAL;
    }

    @Override
    public ObjectNode requestBody(GenerationRequest request, ModelSpec model) {
        ImageInput.refuse(request, model, "Mistral text completion");
        ObjectNode body = NativeJson.object().put("prompt", prompt(request, model));
        PARAMETERS.writeTo(body, request.parameters(), model);
        return ParameterTable.writeStop(body, "stop", request.parameters().stop());
    }

    /**
     * {@code <s>[INST] u1 [/INST] a1</s>[INST] system\n\nu2 [/INST]}: each user turn inside [INST] markers, each
     * assistant answer after them closed by {@code </s>}. A trailing assistant message is a prefill and stays open
     * after the last {@code [/INST]} so the model continues it.
     */
    static String prompt(GenerationRequest request, ModelSpec model) {
        List<Message> turns = turns(request.messages(), model);
        int lastUser = lastUserTurn(turns);
        boolean prefill = turns.get(turns.size() - 1).role() == Role.ASSISTANT;
        StringBuilder prompt = new StringBuilder("<s>");
        for (int i = 0; i < turns.size(); i++) {
            Message turn = turns.get(i);
            if (turn.role() == Role.USER) {
                String text = i == lastUser ? withSystem(request.system(), turn.text()) : turn.text();
                prompt.append("[INST] ").append(text).append(" [/INST]");
            } else {
                prompt.append(' ').append(turn.text());
                if (!(prefill && i == turns.size() - 1)) {
                    prompt.append("</s>");
                }
            }
        }
        return prompt.toString();
    }

    private static String withSystem(String system, String userText) {
        return system == null || system.isBlank() ? userText : system.strip() + "\n\n" + userText;
    }

    /**
     * The messages as alternating turns ({@link AlternatingTurns}): the markup has no way to show two user turns in
     * a row, so consecutive messages of one role become one turn, their texts separated by a blank line. Texts are
     * stripped since the markup supplies the spaces.
     */
    private static List<Message> turns(List<Message> messages, ModelSpec model) {
        return AlternatingTurns.of(messages.stream()
                .map(message -> new Message(message.role(), List.of(Part.text(message.text().strip()))))
                .toList(), model);
    }

    private static int lastUserTurn(List<Message> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role() == Role.USER) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public GenerationResult parseResponse(JsonNode body, InvokeResult result) {
        JsonNode output = body.path("outputs").path(0);
        String text = NativeJson.text(output.path("text"), "Mistral answer has no outputs[0].text");
        // The body carries no token counts; Bedrock reports them only in the response headers.
        return GenerationResult.text(text, NativeJson.finishReason(output.path("stop_reason"), STOP_REASONS),
                result.headerUsage());
    }

    /** Mistral's chunks have the answer's shape with partial text; counts only in the invocation metrics. */
    @Override
    public String readChunk(JsonNode chunk, StreamTally tally) {
        JsonNode output = chunk.path("outputs").path(0);
        tally.finishReason(output.path("stop_reason"), STOP_REASONS);
        return output.path("text").asString("");
    }
}
