package dev.bedrockgateway.provider.anthropic;

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
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.DocumentedBody;
import dev.bedrockgateway.provider.NativeJson;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Claude adapter against AWS's description of Anthropic's Messages body on Bedrock, not against our goldens.
 *
 * <p>Facts from
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html:
 * request {@code {"anthropic_version": "bedrock-2023-05-31" (required), "max_tokens": int (required), "system": string,
 * "messages": [{"role": "user" | "assistant", "content": [{"type": "image", "source": {"type": "base64",
 * "media_type": "image/jpeg" | "image/png" | "image/webp" | "image/gif", "data": string}}, {"type": "text", "text":
 * string}]}], "temperature": float, "top_p": float, "top_k": int, "stop_sequences": [string], "tools", "tool_choice"}};
 * AWS's example code (anthropic_claude/invoke_model.py) sends anthropic_version, max_tokens 512, temperature 0.5 and one
 * user message with one text block to anthropic.claude-3-haiku-20240307-v1:0. Response {@code {"id", "model", "type":
 * "message", "role": "assistant", "content": [{"type": "text", "text"} | {"type": "tool_use", "id", "name", "input"}],
 * "stop_reason": "end_turn" | "max_tokens" | "stop_sequence" | "tool_use" | "refusal" | ..., "stop_sequence",
 * "usage": {"input_tokens": integer, "output_tokens": integer}}}.
 */
class ClaudeFidelityTest {

    private static final ModelSpec HAIKU = new ModelSpec("claude-3-haiku", "anthropic.claude-3-haiku-20240307-v1:0",
            ModelFamily.ANTHROPIC, "anthropic", Task.CHAT, true, 200000, 4096, Price.FREE);

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final ClaudeAdapter adapter = new ClaudeAdapter();

    @Test
    void theExampleCodesBodyIsWhatTheAdapterSends() {
        GenerationRequest request = request(null, new Parameters(512, 0.5, null, null, List.of()),
                Message.user("Describe the purpose of a 'hello world' program in one line."));

        DocumentedBody.assertMatches(adapter.requestBody(request, HAIKU), """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 512, "temperature": 0.5,
                 "messages": [{"role": "user", "content": [
                   {"type": "text", "text": "Describe the purpose of a 'hello world' program in one line."}]}]}""");
    }

    @Test
    void systemImageAndEverySamplingFieldAreTheDocumentedOnes() {
        Message withImage = new Message(Role.USER,
                List.of(Part.image("image/png", PNG_SIGNATURE), Part.text("What is in this image?")));
        GenerationRequest request = request("You are a careful describer of images.",
                new Parameters(300, 0.2, 0.9, 40, List.of("\n\nHuman:")), withImage);

        DocumentedBody.assertMatches(adapter.requestBody(request, HAIKU), """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 300,
                 "system": "You are a careful describer of images.",
                 "messages": [{"role": "user", "content": [
                   {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "%s"}},
                   {"type": "text", "text": "What is in this image?"}]}],
                 "temperature": 0.2, "top_p": 0.9, "top_k": 40, "stop_sequences": ["\\n\\nHuman:"]}"""
                .formatted(Base64.getEncoder().encodeToString(PNG_SIGNATURE)));
    }

    @Test
    void maxTokensIsSentEvenWhenTheCallerSetsNoneBecauseAwsRequiresIt() {
        DocumentedBody.assertMatches(adapter.requestBody(request(null, Parameters.DEFAULTS, Message.user("Hi")), HAIKU),
                """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 4096,
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]}""");
    }

    @Test
    void readsTheDocumentedResponse() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"id": "msg_bdrk_01XFDUDYJgAACzvnptvVoYEL", "model": "claude-3-haiku-20240307", "type": "message",
                 "role": "assistant",
                 "content": [{"type": "text", "text": "It prints a greeting to show the toolchain works."}],
                 "stop_reason": "end_turn", "stop_sequence": null,
                 "usage": {"input_tokens": 21, "output_tokens": 12}}"""), new InvokeResult(new byte[0], null, null));

        assertThat(result.text()).isEqualTo("It prints a greeting to show the toolchain works.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(21, 12));
    }

    @Test
    void readsTheDocumentedStopSequenceAnswer() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"id": "msg_1", "model": "claude-3-haiku-20240307", "type": "message", "role": "assistant",
                 "content": [{"type": "text", "text": "One"}], "stop_reason": "stop_sequence",
                 "stop_sequence": "\\n\\nHuman:", "usage": {"input_tokens": 21, "output_tokens": 1}}"""),
                new InvokeResult(new byte[0], null, null));

        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
    }

    @Test
    void readsTheDocumentedToolUseExampleAsAToolCallWithNoText() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"stop_reason": "tool_use", "content": [
                  {"type": "tool_use", "id": "toolu_123", "name": "calculator", "input": {"expression": "2+2"}}]}"""),
                new InvokeResult(new byte[0], 30, 12));

        assertThat(result.text()).isEmpty();
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(result.usage()).isEqualTo(new Usage(30, 12));
    }

    @Test
    void readsTheDocumentedRefusalExampleAsFiltered() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"stop_reason": "refusal", "stop_details": {"type": "refusal", "category": "cyber",
                  "explanation": "This request triggered restrictions."},
                 "content": [], "usage": {"input_tokens": 106, "output_tokens": 1}}"""),
                new InvokeResult(new byte[0], null, null));

        assertThat(result.text()).isEmpty();
        assertThat(result.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(result.usage()).isEqualTo(new Usage(106, 1));
    }

    private static GenerationRequest request(String system, Parameters parameters, Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, null, null, null);
    }
}
