package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.converseStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Converse tool use in the emulator through the real SDK: Bedrock's checks, and deterministic calls from the schema. */
class EmulatorToolUseTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    private static final String CLAUDE = BedrockEmulatorSdkTest.CLAUDE;

    /** get_weather(city: string, unit: celsius|fahrenheit, days: integer, detail: {metric: boolean}) requiring all but days. */
    private static final Tool WEATHER = Tool.fromToolSpec(ToolSpecification.builder().name("get_weather")
            .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder()
                    .putString("type", "object")
                    .putDocument("properties", Document.mapBuilder()
                            .putDocument("city", Document.mapBuilder().putString("type", "string").build())
                            .putDocument("unit", Document.mapBuilder().putString("type", "string")
                                    .putList("enum", List.of(Document.fromString("celsius"), Document.fromString("fahrenheit"))).build())
                            .putDocument("days", Document.mapBuilder().putString("type", "integer").build())
                            .putDocument("detail", Document.mapBuilder().putString("type", "object")
                                    .putDocument("properties", Document.mapBuilder().putDocument("metric",
                                            Document.mapBuilder().putString("type", "boolean").build()).build())
                                    .putList("required", List.of(Document.fromString("metric"))).build())
                            .build())
                    .putList("required", List.of(Document.fromString("city"), Document.fromString("unit"),
                            Document.fromString("detail")))
                    .build()))
            .build());
    private static final Tool TIME = Tool.fromToolSpec(ToolSpecification.builder().name("get_time")
            .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object").build())).build());

    private static Message user(ContentBlock... blocks) {
        return Message.builder().role(ConversationRole.USER).content(blocks).build();
    }

    private static Message assistantCall(String id) {
        return Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromToolUse(ToolUseBlock.builder()
                .toolUseId(id).name("get_weather").input(Document.mapBuilder().putString("city", "Oslo").build())
                .build())).build();
    }

    private static ContentBlock result(String id, String text) {
        return ContentBlock.fromToolResult(ToolResultBlock.builder().toolUseId(id)
                .content(ToolResultContentBlock.fromText(text)).build());
    }

    private static ConverseResponse converse(String model, ToolConfiguration tools, Message... messages) {
        return running.client().converse(ConverseRequest.builder().modelId(model).messages(messages)
                .toolConfig(tools).build()).join();
    }

    private static String refusal(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(CompletionException.class).hasCauseInstanceOf(ValidationException.class);
        return ((ValidationException) thrown.getCause()).awsErrorDetails().errorMessage();
    }

    @Test
    void callsTheFirstToolWithArgumentsBuiltFromItsSchema() {
        ConverseResponse response = converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER, TIME).build(),
                user(ContentBlock.fromText("What's the   weather in Oslo tomorrow?")));

        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        ToolUseBlock call = response.output().message().content().get(0).toolUse();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.toolUseId()).startsWith("tooluse_");
        assertThat(call.input()).isEqualTo(Document.mapBuilder()
                .putString("city", "What's the weather in Oslo tomorrow?")
                .putString("unit", "celsius")
                .putDocument("detail", Document.mapBuilder().putBoolean("metric", true).build())
                .build());
        assertThat(response.output().message().content()).hasSize(1);
        assertThat(response.usage().outputTokens()).isPositive();
        // Deterministic: the same request gets the same call.
        assertThat(converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER, TIME).build(),
                user(ContentBlock.fromText("What's the   weather in Oslo tomorrow?"))).output().message().content()
                .get(0).toolUse()).isEqualTo(call);
    }

    @Test
    void callsTheToolThatToolChoiceNames() {
        ConverseResponse response = converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER, TIME)
                        .toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name("get_time").build())).build(),
                user(ContentBlock.fromText("Time?")));

        assertThat(response.output().message().content().get(0).toolUse().name()).isEqualTo("get_time");
        assertThat(response.output().message().content().get(0).toolUse().input().asMap()).isEmpty();
    }

    @Test
    void answersWithTextThatReadsTheToolResults() {
        ConverseResponse response = converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER).build(),
                user(ContentBlock.fromText("Weather in Oslo?")), assistantCall("t1"), user(result("t1", "12 C, rain")));

        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.output().message().content()).singleElement()
                .satisfies(block -> assertThat(block.text()).contains("12 C, rain"));
    }

    @Test
    void stillCallsAToolAfterResultsWhenToolChoiceForcesOne() {
        ConverseResponse response = converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER)
                        .toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build())).build(),
                user(ContentBlock.fromText("Weather in Oslo?")), assistantCall("t1"), user(result("t1", "12 C")));

        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    }

    @Test
    void refusesToolBlocksWithoutAToolConfig() {
        assertThat(refusal(() -> converse(CLAUDE, null, user(ContentBlock.fromText("Weather?")), assistantCall("t1"),
                user(result("t1", "12 C"))))).isEqualTo("The toolConfig field must be defined when using toolUse and"
                + " toolResult content blocks.");
    }

    /**
     * A result for a call the turn before did not make leaves that turn's call unanswered; Bedrock names the call
     * (its wording as reported in https://github.com/crewAIInc/crewAI/issues/4749).
     */
    @Test
    void refusesAResultThatAnswersNoCallOfThePreviousTurn() {
        assertThat(refusal(() -> converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER).build(),
                user(ContentBlock.fromText("Weather?")), assistantCall("t1"), user(result("t9", "12 C")))))
                .isEqualTo("Expected toolResult blocks at messages.2.content for the following Ids: t1");
    }

    /** A call the next turn does not answer, in Bedrock's words (https://github.com/crewAIInc/crewAI/issues/4749). */
    @Test
    void refusesACallTheNextTurnDoesNotAnswer() {
        assertThat(refusal(() -> converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER).build(),
                user(ContentBlock.fromText("Weather?")), assistantCall("t1"), user(ContentBlock.fromText("Never mind")))))
                .isEqualTo("Expected toolResult blocks at messages.2.content for the following Ids: t1");
    }

    /**
     * More results than the turn before made calls, in Bedrock's words
     * (https://github.com/pydantic/pydantic-ai/issues/2327).
     */
    @Test
    void refusesMoreResultsThanThePreviousTurnMadeCalls() {
        assertThat(refusal(() -> converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER).build(),
                user(ContentBlock.fromText("Weather?")), assistantCall("t1"),
                user(result("t1", "12 C"), result("t2", "13 C")))))
                .isEqualTo("The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks"
                        + " of previous turn.");
        assertThat(refusal(() -> converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER).build(),
                user(result("t1", "12 C")))))
                .isEqualTo("The number of toolResult blocks at messages.0.content exceeds the number of toolUse blocks"
                        + " of previous turn.");
    }

    /**
     * A tool result may be JSON rather than text (ToolResultContentBlock's json member,
     * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolResultContentBlock.html); the answer reads
     * it as it reads a text result.
     */
    @Test
    void answersWithTextThatReadsAJsonToolResult() {
        ContentBlock jsonResult = ContentBlock.fromToolResult(ToolResultBlock.builder().toolUseId("t1")
                .content(ToolResultContentBlock.fromJson(Document.mapBuilder().putString("forecast", "sleet").build()))
                .build());
        ConverseResponse response = converse(CLAUDE, ToolConfiguration.builder().tools(WEATHER).build(),
                user(ContentBlock.fromText("Weather in Oslo?")), assistantCall("t1"), user(jsonResult));

        assertThat(response.output().message().content()).singleElement()
                .satisfies(block -> assertThat(block.text()).contains("sleet"));
    }

    @Test
    void refusesToolsForAModelWithoutToolUse() {
        assertThat(refusal(() -> converse(BedrockEmulatorSdkTest.LLAMA, ToolConfiguration.builder().tools(WEATHER)
                .build(), user(ContentBlock.fromText("Weather?"))))).isEqualTo("This model doesn't support tool use.");
    }

    @Test
    void refusesAForcingToolChoiceTheModelDoesNotTake() {
        assertThat(refusal(() -> converse(BedrockEmulatorSdkTest.COHERE, ToolConfiguration.builder().tools(WEATHER)
                .toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build())).build(),
                user(ContentBlock.fromText("Weather?")))))
                .isEqualTo("This model doesn't support the toolConfig.toolChoice.any field. Remove"
                        + " toolConfig.toolChoice.any and try again.");
    }

    @Test
    void refusesStreamedToolsForAModelThatOnlyCallsToolsInWholeAnswers() {
        ToolConfiguration tools = ToolConfiguration.builder().tools(WEATHER).build();
        assertThat(converse(BedrockEmulatorSdkTest.MISTRAL, tools, user(ContentBlock.fromText("Weather?")))
                .stopReason()).isEqualTo(StopReason.TOOL_USE);

        assertThat(refusal(() -> converseStream(running.client(), ConverseStreamRequest.builder()
                .modelId(BedrockEmulatorSdkTest.MISTRAL).messages(user(ContentBlock.fromText("Weather?")))
                .toolConfig(tools).build()))).isEqualTo("This model doesn't support tool use in streaming mode.");
    }

    @Test
    void streamsTheCallWithItsInputInFragments() {
        ToolConfiguration tools = ToolConfiguration.builder().tools(WEATHER).build();
        Message question = user(ContentBlock.fromText("Weather in Oslo?"));
        ToolUseBlock whole = converse(CLAUDE, tools, question).output().message().content().get(0).toolUse();

        List<ConverseStreamOutput> events = converseStream(running.client(), ConverseStreamRequest.builder()
                .modelId(CLAUDE).messages(question).toolConfig(tools).build());

        ContentBlockStartEvent start = (ContentBlockStartEvent) events.get(1);
        assertThat(start.contentBlockIndex()).isZero();
        assertThat(start.start().toolUse().toolUseId()).isEqualTo(whole.toolUseId());
        assertThat(start.start().toolUse().name()).isEqualTo("get_weather");
        List<String> fragments = events.stream().filter(ContentBlockDeltaEvent.class::isInstance)
                .map(event -> ((ContentBlockDeltaEvent) event).delta().toolUse().input()).toList();
        assertThat(fragments).hasSize(EmulatedToolUse.INPUT_FRAGMENTS);
        assertThat(String.join("", fragments)).isEqualTo("{\"city\":\"Weather in Oslo?\",\"unit\":\"celsius\","
                + "\"detail\":{\"metric\":true}}");
        assertThat(events.get(events.size() - 3)).isInstanceOf(ContentBlockStopEvent.class);
        assertThat(((MessageStopEvent) events.get(events.size() - 2)).stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(((ConverseStreamMetadataEvent) events.get(events.size() - 1)).usage().outputTokens()).isPositive();
        assertThat(events.stream().map(event -> event.sdkEventType().toString()).collect(Collectors.joining(",")))
                .startsWith("messageStart,contentBlockStart,contentBlockDelta");
    }
}
