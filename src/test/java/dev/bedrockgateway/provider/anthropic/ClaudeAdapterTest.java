package dev.bedrockgateway.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.GoldenFiles;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.RecordingTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ClaudeAdapterTest {

    private static final ModelSpec SONNET = new ModelSpec("claude-3-sonnet", "anthropic.claude-3-sonnet-20240229-v1:0",
            ModelFamily.ANTHROPIC, "anthropic", Task.CHAT, true, 200000, 4096, Price.FREE);
    /** PNG's 8-byte signature: "iVBORw0KGgo=" in base64. */
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final ClaudeAdapter adapter = new ClaudeAdapter();

    private static GenerationRequest chat(String system, Parameters parameters, Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, null, null, null);
    }

    @Test
    void singlePromptBecomesOneUserTextBlockWithTheModelsMaxTokens() {
        GenerationRequest request = GenerationRequest.chat("Summarise the plot of Hamlet in one sentence.");

        GoldenFiles.assertMatches(adapter.requestBody(request, SONNET), "bedrock/anthropic/request-single-prompt.json");
    }

    @Test
    void consecutiveSameRoleMessagesAreMergedBehindTheSystemPrompt() {
        GenerationRequest request = chat("You are a terse assistant.", null,
                Message.user("Here is some context: the meeting moved to Tuesday."),
                Message.user("When is the meeting?"),
                Message.assistant("Tuesday."),
                Message.assistant("At 10:00."),
                Message.user("Thanks. Which room?"));

        GoldenFiles.assertMatches(adapter.requestBody(request, SONNET),
                "bedrock/anthropic/request-system-multiturn-merged.json");
    }

    @Test
    void imagePartBecomesABase64ImageBlock() {
        GenerationRequest request = chat(null, null, new Message(Role.USER,
                List.of(Part.text("What is in this picture?"), Part.image("image/png", PNG_SIGNATURE))));

        GoldenFiles.assertMatches(adapter.requestBody(request, SONNET), "bedrock/anthropic/request-image.json");
    }

    @Test
    void everyParameterIsRenamed() {
        GenerationRequest request = chat("Answer in French.",
                new Parameters(512, 0.7, 0.9, 40, List.of("\n\nHuman:", "END")), Message.user("Name three colours."));

        GoldenFiles.assertMatches(adapter.requestBody(request, SONNET), "bedrock/anthropic/request-all-parameters.json");
    }

    @Test
    void conversationStartingWithTheAssistantIsInvalid() {
        GenerationRequest request = chat(null, null, Message.assistant("Hello!"), Message.user("Hi"));

        assertThatThrownBy(() -> adapter.requestBody(request, SONNET))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("start with a user message")
                .hasMessageContaining("assistant");
    }

    @Test
    void temperatureAboveOneIsInvalidAndNamesTheField() {
        GenerationRequest request = chat(null, new Parameters(null, 1.5, null, null, null), Message.user("Hi"));

        assertThatThrownBy(() -> adapter.requestBody(request, SONNET))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("parameters.temperature")
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void imageInAMediaTypeClaudeCannotReadIsInvalid() {
        GenerationRequest request = chat(null, null, new Message(Role.USER,
                List.of(Part.text("What is this?"), Part.image("image/tiff", PNG_SIGNATURE))));

        assertThatThrownBy(() -> adapter.requestBody(request, SONNET))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("image/tiff")
                .hasMessageContaining("image/png");
    }

    @Test
    void endTurnAnswerJoinsTextBlocksAndReadsUsage() {
        GenerationResult result = parse("bedrock/anthropic/response-end-turn.json", null, null);

        assertThat(result.text()).isEqualTo("Prince Hamlet avenges his father and dies doing it.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(21, 12));
        assertThat(result.images()).isEmpty();
    }

    @Test
    void maxTokensAnswerIsLength() {
        GenerationResult result = parse("bedrock/anthropic/response-max-tokens.json", null, null);

        assertThat(result.text()).isEqualTo("Once upon a time, in a kingdom far");
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.usage()).isEqualTo(new Usage(9, 10));
    }

    @Test
    void stopSequenceAnswerIsStopSequence() {
        GenerationResult result = parse("bedrock/anthropic/response-stop-sequence.json", 99, 99);

        assertThat(result.text()).isEqualTo("Red, blue, green");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(result.usage()).as("the body's counts win over the headers").isEqualTo(new Usage(15, 6));
    }

    @Test
    void usageFallsBackToTheTokenCountHeaders() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree(
                "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"tool_use\"}"),
                new InvokeResult(new byte[0], 7, 3));

        assertThat(result.usage()).isEqualTo(new Usage(7, 3));
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_USE);
    }

    @Test
    void answerWithoutContentIsAnUpstreamError() {
        assertThatThrownBy(() -> adapter.parseResponse(NativeJson.MAPPER.readTree("{\"stop_reason\":\"end_turn\"}"),
                new InvokeResult(new byte[0], null, null)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void generateSendsTheBodyWithProviderOptionsAndParsesTheAnswer() {
        RecordingTransport transport = RecordingTransport.answering(
                new InvokeResult(GoldenFiles.bytes("bedrock/anthropic/response-end-turn.json"), null, null));
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("Hi")), null, null,
                Map.of("top_k", 250), null, null);

        StepVerifier.create(adapter.generate(request, SONNET, transport))
                .assertNext(result -> assertThat(result.finishReason()).isEqualTo(FinishReason.STOP))
                .verifyComplete();

        assertThat(transport.calls()).singleElement().satisfies(call -> {
            assertThat(call.modelId()).isEqualTo("anthropic.claude-3-sonnet-20240229-v1:0");
            assertThat(NativeJson.MAPPER.readTree(call.body()).path("top_k").intValue()).isEqualTo(250);
        });
    }

    private GenerationResult parse(String golden, Integer inputHeader, Integer outputHeader) {
        return adapter.parseResponse(GoldenFiles.json(golden), new InvokeResult(GoldenFiles.bytes(golden),
                inputHeader, outputHeader));
    }
}
