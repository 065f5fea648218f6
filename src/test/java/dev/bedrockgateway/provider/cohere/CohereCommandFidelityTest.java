package dev.bedrockgateway.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.DocumentedBody;
import dev.bedrockgateway.provider.NativeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Command R / R+ adapter against AWS's description of Cohere's chat body, not against our goldens.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html:
 * request {@code {"message": string, "chat_history": [{"role": "USER" | "CHATBOT", "message": string}], "preamble":
 * string, "max_tokens": int, "temperature": float, "p": float, "k": float, "seed": int, "stop_sequences": [string],
 * ...}}; the page's code example sends to cohere.command-r-v1:0 a chat_history of one USER and one CHATBOT turn, the
 * message "What are some skills I should have?", max_tokens 2000, temperature 0.6, p 0.5 and k 250, and reads
 * {@code text} and {@code finish_reason}. Response {@code {"response_id", "text", "generation_id", "citations",
 * "finish_reason", "tool_calls", ...}}; token counts only in Bedrock's headers.
 */
class CohereCommandFidelityTest {

    private static final ModelSpec COMMAND_R = new ModelSpec("command-r", "cohere.command-r-v1:0",
            ModelFamily.COHERE, "cohere", Task.CHAT, false, 128000, 4000, Price.FREE);

    private final CohereCommandAdapter adapter = new CohereCommandAdapter();

    @Test
    void theCodeExamplesConversationIsTheDocumentedBody() {
        GenerationRequest request = request(null, new Parameters(2000, 0.6, 0.5, 250, List.of()),
                Message.user("What is an interesting new role in AI if I don't have an ML background?"),
                Message.assistant("You could explore being a prompt engineer!"),
                Message.user("What are some skills I should have?"));

        DocumentedBody.assertMatches(adapter.requestBody(request, COMMAND_R), """
                {"message": "What are some skills I should have?",
                 "chat_history": [
                   {"role": "USER", "message": "What is an interesting new role in AI if I don't have an ML background?"},
                   {"role": "CHATBOT", "message": "You could explore being a prompt engineer!"}],
                 "max_tokens": 2000, "temperature": 0.6, "p": 0.5, "k": 250.0}""");
    }

    @Test
    void systemPromptStopSequencesAndSeedGoInTheirDocumentedFields() {
        GenerationRequest request = request("You are a concise physics tutor.",
                new Parameters(512, 0.3, null, null, List.of("User:"), 42L),
                Message.user("Who discovered gravity?"));

        DocumentedBody.assertMatches(adapter.requestBody(request, COMMAND_R), """
                {"message": "Who discovered gravity?", "preamble": "You are a concise physics tutor.",
                 "max_tokens": 512, "temperature": 0.3, "stop_sequences": ["User:"], "seed": 42}""");
    }

    /**
     * The page lists finish_reason values in lower case in its prose (complete, max_tokens, ...); Cohere's v1 chat
     * answers, which Bedrock passes on, spell them in upper case (COMPLETE, MAX_TOKENS), as the adapter reads them.
     */
    @Test
    void readsTheDocumentedResponseWithCountsFromTheHeaders() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"response_id": "2a2d5a4c-1b7e-4a4f-9d8e-0c7b7e6f5a10",
                 "text": "Curiosity, clear writing and some Python.",
                 "generation_id": "0f7e2c1d-3b4a-4c5d-8e9f-1a2b3c4d5e6f",
                 "chat_history": [{"role": "USER", "message": "What are some skills I should have?"},
                                  {"role": "CHATBOT", "message": "Curiosity, clear writing and some Python."}],
                 "finish_reason": "COMPLETE"}"""), new InvokeResult(new byte[0], 47, 9));

        assertThat(result.text()).isEqualTo("Curiosity, clear writing and some Python.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(47, 9));
    }

    @Test
    void readsTheDocumentedMaxTokensReasonAsTruncated() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"response_id": "r", "text": "Curiosity,", "generation_id": "g", "finish_reason": "MAX_TOKENS"}"""),
                new InvokeResult(new byte[0], 47, 2));

        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    private static GenerationRequest request(String system, Parameters parameters, Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, null, null, null);
    }
}
