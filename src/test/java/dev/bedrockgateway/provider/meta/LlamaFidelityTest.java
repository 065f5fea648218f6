package dev.bedrockgateway.provider.meta;

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
import tools.jackson.databind.node.ObjectNode;

/**
 * The Llama 3 adapter against AWS's own description of the Llama 3 Instruct body, not against our golden files.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html: request
 * {@code {"prompt": string, "temperature": float, "top_p": float, "max_gen_len": int}}, nothing else for Llama 3; the
 * prompt in the template the page shows (begin_of_text, each turn as start_header_id role end_header_id, two newlines,
 * the text, eot_id, ending on an open assistant header); the page's example code sends max_gen_len 512 and
 * temperature 0.5 (AWS's Java example adds top_p 0.9). Response {@code {"generation": "\n\n<response>",
 * "prompt_token_count": int, "generation_token_count": int, "stop_reason": "stop" | "length"}}.
 */
class LlamaFidelityTest {

    private static final ModelSpec LLAMA = new ModelSpec("llama3-70b", "meta.llama3-70b-instruct-v1:0",
            ModelFamily.META, "meta", Task.CHAT, false, 8192, 2048, Price.FREE);

    /** The page's system-prompt example, verbatim up to where the page's template ends. */
    private static final String DOCUMENTED_SYSTEM_PROMPT = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>"
            + "\n\nYou are a helpful AI assistant for travel tips and recommendations<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nWhat can you help me with?<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>";

    /** The page's multi-turn example, likewise. */
    private static final String DOCUMENTED_MULTI_TURN_PROMPT = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>"
            + "\n\nWhat is the capital of France?<|eot_id|><|start_header_id|>assistant<|end_header_id|>"
            + "\n\nThe capital of France is Paris!<|eot_id|><|start_header_id|>user<|end_header_id|>"
            + "\n\nWhat is the weather like in Paris?<|eot_id|><|start_header_id|>assistant<|end_header_id|>";

    /**
     * What the adapter writes after the final, open assistant header: the header's own two newlines, as Meta's
     * reference chat format encodes every header. AWS's template stops before them (see the disabled test below).
     */
    private static final String OPEN_HEADER_NEWLINES = "\n\n";

    private final LlamaAdapter adapter = new LlamaAdapter();

    @Test
    void systemPromptAndSamplingFieldsAreTheDocumentedOnes() {
        GenerationRequest request = request("You are a helpful AI assistant for travel tips and recommendations",
                new Parameters(512, 0.5, 0.9, null, List.of()), Message.user("What can you help me with?"));

        DocumentedBody.assertMatches(adapter.requestBody(request, LLAMA), """
                {"prompt": %s, "max_gen_len": 512, "temperature": 0.5, "top_p": 0.9}"""
                .formatted(quoted(DOCUMENTED_SYSTEM_PROMPT + OPEN_HEADER_NEWLINES)));
    }

    @Test
    void aConversationFollowsTheDocumentedMultiTurnTemplate() {
        GenerationRequest request = request(null, Parameters.DEFAULTS,
                Message.user("What is the capital of France?"),
                Message.assistant("The capital of France is Paris!"),
                Message.user("What is the weather like in Paris?"));

        DocumentedBody.assertMatches(adapter.requestBody(request, LLAMA), """
                {"prompt": %s}""".formatted(quoted(DOCUMENTED_MULTI_TURN_PROMPT + OPEN_HEADER_NEWLINES)));
    }

    @Test
    void topKStopSequencesAndSeedAreLeftOutBecauseLlama3DocumentsNone() {
        GenerationRequest request = request(null, new Parameters(512, 0.5, 0.9, 40, List.of("END"), 7L),
                Message.user("What can you help me with?"));

        ObjectNode body = adapter.requestBody(request, LLAMA);

        assertThat(body.propertyNames()).containsExactlyInAnyOrder("prompt", "max_gen_len", "temperature", "top_p");
    }

    /**
     * The one deliberate difference from AWS's page: its template ends at the open assistant header and its example
     * answer starts with "\n\n"; the adapter writes those two newlines into the prompt, as Meta's reference chat
     * format does (ChatFormat.encode_header), so the answer starts with its text. Bedrock passes the prompt through
     * as given, so both are valid prompts; this pins that the difference is exactly that and nothing else.
     */
    @Test
    void promptIsAwsTemplateWithMetasNewlinesAfterTheAssistantHeader() {
        GenerationRequest request = request("You are a helpful AI assistant for travel tips and recommendations",
                Parameters.DEFAULTS, Message.user("What can you help me with?"));

        assertThat(adapter.requestBody(request, LLAMA).get("prompt").asString())
                .isEqualTo(DOCUMENTED_SYSTEM_PROMPT + "\n\n");
    }

    @Test
    void readsTheDocumentedResponse() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"generation": "\\n\\nParis is mild and sunny in spring.", "prompt_token_count": 28,
                 "generation_token_count": 9, "stop_reason": "stop"}"""), new InvokeResult(new byte[0], null, null));

        assertThat(result.text()).isEqualTo("\n\nParis is mild and sunny in spring.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(28, 9));
    }

    @Test
    void readsTheDocumentedLengthStopAsTruncated() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"generation": "Paris is", "prompt_token_count": 28, "generation_token_count": 2,
                 "stop_reason": "length"}"""), new InvokeResult(new byte[0], null, null));

        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    private static String quoted(String text) {
        return NativeJson.MAPPER.writeValueAsString(text);
    }

    private static GenerationRequest request(String system, Parameters parameters, Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, null, null, null);
    }
}
