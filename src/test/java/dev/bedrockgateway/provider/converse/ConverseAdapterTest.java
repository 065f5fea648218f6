package dev.bedrockgateway.provider.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.bedrockgateway.provider.RecordingTransport;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

class ConverseAdapterTest {

    private static final ModelSpec JAMBA = new ModelSpec("jamba-large", "ai21.jamba-1-5-large-v1:0",
            ModelFamily.CONVERSE, "ai21", Task.CHAT, false, 256000, 4096, Price.FREE);
    private static final ModelSpec NOVA = new ModelSpec("nova-pro", "us.amazon.nova-pro-v1:0",
            ModelFamily.CONVERSE, "amazon", Task.CHAT, true, 300000, 5000, Price.FREE);
    private static final ModelSpec CLAUDE = new ModelSpec("claude-3-5-sonnet", "anthropic.claude-3-5-sonnet-20240620-v1:0",
            ModelFamily.CONVERSE, "anthropic", Task.CHAT, true, 200000, 8192, Price.FREE);
    private static final ModelSpec TITAN = new ModelSpec("titan-text-express", "amazon.titan-text-express-v1",
            ModelFamily.CONVERSE, "amazon", Task.CHAT, false, 8192, 8192, Price.FREE);
    private static final ModelSpec COMMAND_R = new ModelSpec("command-r", "cohere.command-r-v1:0",
            ModelFamily.CONVERSE, "cohere", Task.CHAT, false, 128000, 4000, Price.FREE);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private final ConverseAdapter adapter = new ConverseAdapter();

    @Test
    void canonicalRequestBecomesConverseFields() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("guidance", Map.of("mode", "strict"));
        options.put("tags", Arrays.asList("a", 2, 2.5, true, null));
        GenerationRequest request = new GenerationRequest(Task.CHAT, "Be brief.", List.of(
                Message.user("Context: the cat is black."),
                new Message(Role.USER, List.of(Part.text("What colour is this?"), Part.image("image/png", PNG_SIGNATURE))),
                Message.assistant("Black."),
                Message.user("Sure?")),
                new Parameters(300, 0.5, 0.8, 40, List.of("END")), null, options, null, null);

        ConverseRequest call = adapter.toConverseRequest(request, NOVA);

        assertThat(call.modelId()).isEqualTo("us.amazon.nova-pro-v1:0");
        assertThat(call.system()).containsExactly(SystemContentBlock.fromText("Be brief."));
        assertThat(call.messages()).extracting(m -> m.role()).containsExactly(
                ConversationRole.USER, ConversationRole.ASSISTANT, ConversationRole.USER);
        List<ContentBlock> firstTurn = call.messages().get(0).content();
        assertThat(firstTurn).hasSize(3);
        assertThat(firstTurn.get(0).text()).isEqualTo("Context: the cat is black.");
        assertThat(firstTurn.get(1).text()).isEqualTo("What colour is this?");
        assertThat(firstTurn.get(2).image().format()).isEqualTo(ImageFormat.PNG);
        assertThat(firstTurn.get(2).image().source().bytes()).isEqualTo(SdkBytes.fromByteArray(PNG_SIGNATURE));
        assertThat(call.inferenceConfig().maxTokens()).isEqualTo(300);
        assertThat(call.inferenceConfig().temperature()).isEqualTo(0.5f);
        assertThat(call.inferenceConfig().topP()).isEqualTo(0.8f);
        assertThat(call.inferenceConfig().stopSequences()).containsExactly("END");
        // Nova reads top-k from a nested inferenceConfig object in additionalModelRequestFields:
        // https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html
        assertThat(call.additionalModelRequestFields()).isEqualTo(Document.mapBuilder()
                .putDocument("inferenceConfig", Document.mapBuilder().putNumber("topK", 40).build())
                .putDocument("guidance", Document.fromMap(Map.of("mode", Document.fromString("strict"))))
                .putDocument("tags", Document.fromList(List.of(Document.fromString("a"), Document.fromNumber(2),
                        Document.fromNumber(2.5), Document.fromBoolean(true), Document.fromNull())))
                .build());
    }

    @Test
    void unsetParametersLeaveOnlyMaxTokensAndNoAdditionalFields() {
        ConverseRequest call = adapter.toConverseRequest(GenerationRequest.chat("Hi"), JAMBA);

        assertThat(call.inferenceConfig().maxTokens()).as("the catalog's max output").isEqualTo(4096);
        assertThat(call.inferenceConfig().temperature()).isNull();
        assertThat(call.inferenceConfig().topP()).isNull();
        assertThat(call.inferenceConfig().hasStopSequences()).isFalse();
        assertThat(call.hasSystem()).isFalse();
        assertThat(call.additionalModelRequestFields()).isNull();
    }

    @Test
    void providerOptionsWinOverMappedTopK() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("Hi")),
                new Parameters(null, null, null, 40, null), null, Map.of("top_k", 250), null, null);

        assertThat(adapter.toConverseRequest(request, CLAUDE).additionalModelRequestFields().asMap().get("top_k"))
                .isEqualTo(Document.fromNumber(250));
    }

    /**
     * Titan takes no system prompt through Converse (AWS's table,
     * https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html):
     * it goes before the first user text instead.
     */
    @Test
    void systemPromptIsFoldedIntoTheFirstUserTurnForTitan() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, "Answer in French.",
                List.of(Message.user("Hello"), Message.assistant("Bonjour"), Message.user("Thanks")),
                null, null, null, null, null);

        ConverseRequest call = adapter.toConverseRequest(request, TITAN);

        assertThat(call.hasSystem()).isFalse();
        assertThat(call.messages().get(0).content()).extracting(ContentBlock::text)
                .containsExactly("Answer in French.\n\n", "Hello");
        assertThat(call.messages().get(2).content()).extracting(ContentBlock::text).containsExactly("Thanks");
    }

    /** Titan and Llama have no top-k parameter; Bedrock refuses an unknown key as extraneous. */
    @Test
    void topKIsLeftOutForAModelWithoutOne() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("Hi")),
                new Parameters(null, null, null, 40, null), null, null, null, null);

        assertThat(adapter.toConverseRequest(request, TITAN).additionalModelRequestFields()).isNull();
    }

    /** Command R calls it k: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html */
    @Test
    void topKGoesUnderTheModelsOwnName() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("Hi")),
                new Parameters(null, null, null, 40, null), null, null, null, null);

        assertThat(adapter.toConverseRequest(request, COMMAND_R).additionalModelRequestFields())
                .isEqualTo(Document.mapBuilder().putNumber("k", 40).build());
        assertThat(adapter.toConverseRequest(request, CLAUDE).additionalModelRequestFields())
                .isEqualTo(Document.mapBuilder().putNumber("top_k", 40).build());
    }

    /**
     * Titan takes one stop sequence, "User:" or a run of "|" (https://github.com/boto/boto3/issues/3993); the others
     * are dropped rather than failing the call.
     */
    @Test
    void stopSequencesTitanRefusesAreDropped() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("Hi")),
                new Parameters(null, null, null, null, List.of("END", "User:", "|")), null, null, null, null);

        assertThat(adapter.toConverseRequest(request, TITAN).inferenceConfig().stopSequences())
                .containsExactly("User:");
        assertThat(adapter.toConverseRequest(request, CLAUDE).inferenceConfig().stopSequences())
                .containsExactly("END", "User:", "|");
    }

    @Test
    void conversationStartingWithTheAssistantIsInvalid() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, null,
                List.of(Message.assistant("Hello"), Message.user("Hi")), null, null, null, null, null);

        assertThatThrownBy(() -> adapter.toConverseRequest(request, JAMBA))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("start with a user message");
    }

    @Test
    void imageForATextOnlyModelIsInvalid() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(new Message(Role.USER,
                List.of(Part.image("image/png", PNG_SIGNATURE)))), null, null, null, null, null);

        assertThatThrownBy(() -> adapter.toConverseRequest(request, JAMBA))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessageContaining("does not accept images");
    }

    @Test
    void answerGivesJoinedTextFinishAndUsage() {
        GenerationResult result = adapter.fromConverseResponse(answer(StopReason.MAX_TOKENS, "Once upon", " a time"));

        assertThat(result.text()).isEqualTo("Once upon a time");
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.usage()).isEqualTo(new Usage(12, 4));
    }

    @Test
    void stopReasonsMapToFinishReasons() {
        assertThat(finish(StopReason.END_TURN)).isEqualTo(FinishReason.STOP);
        assertThat(finish(StopReason.STOP_SEQUENCE)).isEqualTo(FinishReason.STOP_SEQUENCE);
        assertThat(finish(StopReason.TOOL_USE)).isEqualTo(FinishReason.TOOL_USE);
        assertThat(finish(StopReason.GUARDRAIL_INTERVENED)).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(finish(StopReason.CONTENT_FILTERED)).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void everyStopReasonTheSdkKnowsIsMapped() {
        assertThat(ConverseAdapter.mappedStopReasons())
                .containsExactlyInAnyOrderElementsOf(StopReason.knownValues());
    }

    @Test
    void answerWithoutOutputIsAnUpstreamError() {
        assertThatThrownBy(() -> adapter.fromConverseResponse(ConverseResponse.builder()
                .stopReason(StopReason.END_TURN).build()))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void generateCallsConverseOnce() {
        RecordingTransport transport = RecordingTransport.answering(answer(StopReason.END_TURN, "Hello"));

        StepVerifier.create(adapter.generate(GenerationRequest.chat("Hi"), JAMBA, transport))
                .assertNext(result -> assertThat(result.text()).isEqualTo("Hello"))
                .verifyComplete();
        assertThat(transport.converseCalls()).singleElement()
                .satisfies(call -> assertThat(call.modelId()).isEqualTo("ai21.jamba-1-5-large-v1:0"));
    }

    private FinishReason finish(StopReason reason) {
        return adapter.fromConverseResponse(answer(reason, "x")).finishReason();
    }

    private static ConverseResponse answer(StopReason reason, String... texts) {
        return ConverseResponse.builder()
                .output(ConverseOutput.fromMessage(m -> m.role(ConversationRole.ASSISTANT)
                        .content(Arrays.stream(texts).map(ContentBlock::fromText).toList())))
                .stopReason(reason)
                .usage(TokenUsage.builder().inputTokens(12).outputTokens(4).totalTokens(16).build())
                .build();
    }
}
