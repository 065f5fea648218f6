package dev.bedrockgateway.provider.mistral;

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
 * The Mistral Large adapter against AWS's description of Mistral's text-completion body, not against our goldens.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html:
 * request {@code {"prompt": string, "max_tokens": int, "stop": [string], "temperature": float, "top_p": float,
 * "top_k": int}}, prompt {@code <s>[INST] What is your favourite condiment? [/INST]}; the page's example code sends
 * {@code max_tokens} 512 and {@code temperature} 0.5 to mistral.mistral-large-2402-v1:0 and reads
 * {@code outputs[0].text}. The response shape {@code {"outputs": [{"text": string, "stop_reason": "stop" | "length"}]}}
 * (token counts only in Bedrock's headers) is the page's Response section as bedrock-protocol.md records it: the copies
 * of the page the search tool holds stop before that section, so of it only {@code outputs[0].text} is checked against
 * AWS's own words (the example code).
 */
class MistralFidelityTest {

    private static final ModelSpec MISTRAL = new ModelSpec("mistral-large", "mistral.mistral-large-2402-v1:0",
            ModelFamily.MISTRAL, "mistral", Task.CHAT, false, 32000, 8192, Price.FREE);

    private final MistralAdapter adapter = new MistralAdapter();

    @Test
    void onePromptAndEveryParameterAreTheDocumentedFields() {
        GenerationRequest request = request(new Parameters(512, 0.5, 0.9, 50, List.of("END")),
                Message.user("What is your favourite condiment?"));

        DocumentedBody.assertMatches(adapter.requestBody(request, MISTRAL), """
                {"prompt": "<s>[INST] What is your favourite condiment? [/INST]", "max_tokens": 512,
                 "temperature": 0.5, "top_p": 0.9, "top_k": 50, "stop": ["END"]}""");
    }

    @Test
    void theExampleCodesBodyIsWhatTheAdapterSends() {
        GenerationRequest request = request(new Parameters(512, 0.5, null, null, List.of()),
                Message.user("Describe the purpose of a 'hello world' program in one line."));

        DocumentedBody.assertMatches(adapter.requestBody(request, MISTRAL), """
                {"prompt": "<s>[INST] Describe the purpose of a 'hello world' program in one line. [/INST]",
                 "max_tokens": 512, "temperature": 0.5}""");
    }

    /**
     * The one deliberate difference from AWS's page: its multi-turn example has a space between an answer's
     * {@code </s>} and the next {@code [INST]}; the adapter writes {@code </s>[INST]}, as Mistral's own chat template
     * and mistral-common do. This pins that the difference is exactly that space.
     */
    @Test
    void aConversationFollowsTheDocumentedMultiTurnPromptButForMistralsSpacing() {
        GenerationRequest request = request(Parameters.DEFAULTS,
                Message.user("What is your favourite condiment?"),
                Message.assistant("Well, I'm quite partial to a good squeeze of fresh lemon juice. It adds just the right"
                        + " amount of zesty flavour to whatever I'm cooking up in the kitchen!"),
                Message.user("Do you have mayonnaise recipes?"));

        DocumentedBody.assertMatches(adapter.requestBody(request, MISTRAL), """
                {"prompt": "<s>[INST] What is your favourite condiment? [/INST] Well, I'm quite partial to a good \
                squeeze of fresh lemon juice. It adds just the right amount of zesty flavour to whatever I'm cooking \
                up in the kitchen!</s>[INST] Do you have mayonnaise recipes? [/INST]"}""");
    }

    @Test
    void readsTheDocumentedResponseWithCountsFromTheHeaders() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"outputs": [{"text": " A 'hello world' program shows the smallest working program.",
                  "stop_reason": "stop"}]}"""), new InvokeResult(new byte[0], 22, 13));

        assertThat(result.text()).isEqualTo(" A 'hello world' program shows the smallest working program.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(22, 13));
    }

    @Test
    void readsTheDocumentedLengthStopAsTruncated() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"outputs": [{"text": " A 'hello", "stop_reason": "length"}]}"""),
                new InvokeResult(new byte[0], 22, 3));

        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    private static GenerationRequest request(Parameters parameters, Message... messages) {
        return new GenerationRequest(Task.CHAT, null, List.of(messages), parameters, null, null, null, null);
    }
}
