package dev.bedrockgateway.provider.converse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.core.ToolResult;
import dev.bedrockgateway.provider.StreamTally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStart;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockStart;

/** Tool definitions, calls and results in Converse's terms, and tool calls read back from answers and streams. */
class ConverseToolsTest {

    private static final ModelSpec HAIKU = new ModelSpec("claude-3-haiku", "anthropic.claude-3-haiku-20240307-v1:0",
            ModelFamily.ANTHROPIC, "anthropic", Task.CHAT, true, 200_000, 4096, Price.FREE);

    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Weather for a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                    "required", List.of("city")));
    private static final ToolDefinition TIME = new ToolDefinition("get_time", null, Map.of());

    private final ConverseAdapter adapter = new ConverseAdapter();

    private static GenerationRequest request(List<Message> messages, List<ToolDefinition> tools, ToolChoice choice) {
        return new GenerationRequest(Task.CHAT, null, messages, null, null, null, "claude-3-haiku", null, null, tools,
                choice);
    }

    /** A question, the model's two parallel calls, and their two results (sent as two tool messages). */
    private static List<Message> afterTwoCalls() {
        return List.of(Message.user("Weather and time in Oslo?"),
                new Message(Role.ASSISTANT, List.of(Part.text("Checking."),
                        Part.toolCall(new ToolCall("t1", "get_weather", "{\"city\":\"Oslo\"}")),
                        Part.toolCall(new ToolCall("t2", "get_time", "{}")))),
                new Message(Role.USER, List.of(Part.toolResult(new ToolResult("t1", "12 C")))),
                new Message(Role.USER, List.of(Part.toolResult(new ToolResult("t2", "14:05")))));
    }

    @Test
    void sendsToolsAsToolSpecsWithTheirJsonSchema() {
        ConverseRequest call = adapter.toConverseRequest(request(List.of(Message.user("Hi")), List.of(WEATHER, TIME),
                ToolChoice.AUTO), HAIKU);

        assertThat(call.toolConfig().tools()).hasSize(2);
        var weather = call.toolConfig().tools().get(0).toolSpec();
        assertThat(weather.name()).isEqualTo("get_weather");
        assertThat(weather.description()).isEqualTo("Weather for a city");
        assertThat(weather.inputSchema().json()).isEqualTo(Document.mapBuilder()
                .putString("type", "object")
                .putDocument("properties", Document.mapBuilder().putDocument("city",
                        Document.mapBuilder().putString("type", "string").build()).build())
                .putList("required", List.of(Document.fromString("city")))
                .build());
        // A function without parameters still gets the object schema Converse demands.
        assertThat(call.toolConfig().tools().get(1).toolSpec().inputSchema().json().asMap().get("type").asString())
                .isEqualTo("object");
        // auto is Converse's default, so it is left out for models that know no toolChoice.
        assertThat(call.toolConfig().toolChoice()).isNull();
    }

    @Test
    void mapsRequiredToAnyAndANamedFunctionToTool() {
        List<Message> hi = List.of(Message.user("Hi"));

        assertThat(adapter.toConverseRequest(request(hi, List.of(WEATHER), ToolChoice.ANY), HAIKU)
                .toolConfig().toolChoice().any()).isNotNull();
        assertThat(adapter.toConverseRequest(request(hi, List.of(WEATHER, TIME), ToolChoice.tool("get_time")), HAIKU)
                .toolConfig().toolChoice().tool().name()).isEqualTo("get_time");
    }

    @Test
    void sendsCallsAsToolUseAndMergesConsecutiveResultsIntoOneUserTurn() {
        ConverseRequest call = adapter.toConverseRequest(request(afterTwoCalls(), List.of(WEATHER, TIME),
                ToolChoice.AUTO), HAIKU);

        assertThat(call.messages()).extracting(m -> m.role()).containsExactly(ConversationRole.USER,
                ConversationRole.ASSISTANT, ConversationRole.USER);
        List<ContentBlock> assistant = call.messages().get(1).content();
        assertThat(assistant.get(0).text()).isEqualTo("Checking.");
        assertThat(assistant.get(1).toolUse().toolUseId()).isEqualTo("t1");
        assertThat(assistant.get(1).toolUse().input()).isEqualTo(Document.mapBuilder().putString("city", "Oslo").build());
        assertThat(assistant.get(2).toolUse().name()).isEqualTo("get_time");
        List<ContentBlock> results = call.messages().get(2).content();
        assertThat(results).extracting(block -> block.toolResult().toolUseId()).containsExactly("t1", "t2");
        assertThat(results.get(1).toolResult().content().get(0).text()).isEqualTo("14:05");
        assertThat(ConverseAdapter.toConverseStreamRequest(call).toolConfig()).isEqualTo(call.toolConfig());
    }

    @Test
    void sendsNoToolConfigForToolChoiceNoneAndEarlierCallsAsText() {
        ConverseRequest call = adapter.toConverseRequest(request(afterTwoCalls(), List.of(WEATHER, TIME),
                ToolChoice.NONE), HAIKU);

        // Bedrock refuses toolUse/toolResult blocks without a toolConfig, and has no toolChoice "none".
        assertThat(call.toolConfig()).isNull();
        assertThat(call.messages()).flatExtracting(m -> m.content())
                .allSatisfy(block -> assertThat(block.text()).isNotNull());
        assertThat(call.messages().get(1).content().get(1).text()).contains("get_weather").contains("{\"city\":\"Oslo\"}");
        assertThat(call.messages().get(2).content().get(0).text()).contains("t1").contains("12 C");
    }

    @Test
    void readsToolCallsWithTheirInputAsJsonText() {
        GenerationResult result = adapter.fromConverseResponse(ConverseResponse.builder()
                .output(ConverseOutput.fromMessage(software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
                        .role(ConversationRole.ASSISTANT)
                        .content(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId("tooluse_1")
                                .name("get_weather").input(Document.mapBuilder().putString("city", "Oslo")
                                        .putNumber("days", 3).putBoolean("metric", true).build()).build()))
                        .build()))
                .stopReason(StopReason.TOOL_USE)
                .build());

        assertThat(result.text()).isEmpty();
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(result.toolCalls()).containsExactly(
                new ToolCall("tooluse_1", "get_weather", "{\"city\":\"Oslo\",\"days\":3,\"metric\":true}"));
    }

    @Test
    void refusesArgumentsThatAreNotAnObject() {
        List<Message> messages = List.of(Message.user("Hi"),
                new Message(Role.ASSISTANT, List.of(Part.toolCall(new ToolCall("t1", "get_weather", "[1]")))),
                new Message(Role.USER, List.of(Part.toolResult(new ToolResult("t1", "ok")))));

        assertThatThrownBy(() -> adapter.toConverseRequest(request(messages, List.of(WEATHER), ToolChoice.AUTO), HAIKU))
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void numbersStreamedToolCallsFromZeroWhateverTheirBlockIndex() {
        List<ConverseStreamOutput> events = List.of(
                ContentBlockDeltaEvent.builder().contentBlockIndex(0)
                        .delta(ContentBlockDelta.fromText("Checking.")).build(),
                toolStart(1, "t1", "get_weather"), toolInput(1, "{\"city\""), toolInput(1, ":\"Oslo\"}"),
                toolStart(2, "t2", "get_time"), toolInput(2, "{}"),
                MessageStopEvent.builder().stopReason(StopReason.TOOL_USE).build());
        StreamTally tally = new StreamTally();
        Map<Integer, Integer> indexes = new HashMap<>();
        List<StreamEvent> read = new ArrayList<>();

        events.forEach(event -> read.add(ConverseAdapter.read(event, tally, indexes)));

        assertThat(read.stream().filter(Objects::nonNull).toList()).containsExactly(
                new StreamEvent.Delta("Checking."),
                new StreamEvent.ToolCallDelta(0, "t1", "get_weather", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"city\""),
                new StreamEvent.ToolCallDelta(0, null, null, ":\"Oslo\"}"),
                new StreamEvent.ToolCallDelta(1, "t2", "get_time", ""),
                new StreamEvent.ToolCallDelta(1, null, null, "{}"));
        assertThat(tally.end().finishReason()).isEqualTo(FinishReason.TOOL_USE);
    }

    private static ConverseStreamOutput toolStart(int block, String id, String name) {
        return ContentBlockStartEvent.builder().contentBlockIndex(block)
                .start(ContentBlockStart.fromToolUse(ToolUseBlockStart.builder().toolUseId(id).name(name).build()))
                .build();
    }

    private static ConverseStreamOutput toolInput(int block, String fragment) {
        return ContentBlockDeltaEvent.builder().contentBlockIndex(block)
                .delta(ContentBlockDelta.fromToolUse(ToolUseBlockDelta.builder().input(fragment).build())).build();
    }
}
