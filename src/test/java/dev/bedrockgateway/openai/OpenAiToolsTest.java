package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Tool calls through the OpenAI API: openai-java's own tool types, round trips, streaming and refusals. */
@TestPropertySource(properties = {
        // A route whose first model cannot call tools, so a tool request must skip it.
        "gateway.routes.llama-first.targets[0]=llama3-8b",
        "gateway.routes.llama-first.targets[1]=claude-3-haiku"})
class OpenAiToolsTest extends OpenAiClientTest {

    private static final String CHAT = "/v1/chat/completions";

    private static final FunctionDefinition WEATHER = FunctionDefinition.builder()
            .name("get_weather").description("Current weather for a city")
            .parameters(FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of(
                            "city", Map.of("type", "string"),
                            "unit", Map.of("type", "string", "enum", List.of("celsius", "fahrenheit")),
                            "days", Map.of("type", "integer"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city", "unit")))
                    .build())
            .build();

    private static final FunctionDefinition TIME = FunctionDefinition.builder()
            .name("get_time").description("Local time in a city")
            .parameters(FunctionParameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("zone", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("zone")))
                    .build())
            .build();

    private static ChatCompletionCreateParams.Builder weatherQuestion(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Oslo?")
                .addFunctionTool(WEATHER).addFunctionTool(TIME);
    }

    @Test
    void callsAToolThenAnswersWithItsResult() {
        ChatCompletionCreateParams.Builder conversation = weatherQuestion("claude-3-haiku");
        ChatCompletion first = client.chat().completions().create(conversation.build());

        ChatCompletion.Choice asked = first.choices().get(0);
        assertThat(asked.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(asked.message().content()).isEmpty();
        ChatCompletionMessageFunctionToolCall call = asked.message().toolCalls().orElseThrow().get(0).asFunction();
        assertThat(call.id()).startsWith("tooluse_");
        assertThat(call.function().name()).isEqualTo("get_weather");
        JsonNode arguments = JSON.readTree(call.function().arguments());
        assertThat(arguments.get("city").asString()).isEqualTo("Weather in Oslo?");
        assertThat(arguments.get("unit").asString()).isEqualTo("celsius");
        assertThat(arguments.has("days")).isFalse();

        ChatCompletion answer = client.chat().completions().create(conversation
                .addMessage(asked.message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id())
                        .content("12 C and sunny").build())
                .build());

        ChatCompletion.Choice answered = answer.choices().get(0);
        assertThat(answered.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(answered.message().content()).hasValueSatisfying(text -> assertThat(text).contains("12 C and sunny"));
        assertThat(answered.message().toolCalls()).isEmpty();
    }

    @Test
    void streamsAToolCallThatTheSdkAccumulates() {
        ChatCompletionCreateParams params = weatherQuestion("claude-3-haiku").build();
        ChatCompletion whole = client.chat().completions().create(params);
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks;

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().peek(accumulator::accumulate).toList();
        }

        // The arguments arrive in several fragments after a first piece with the id and name.
        assertThat(chunks).filteredOn(chunk -> !chunk.choices().isEmpty()
                && chunk.choices().get(0).delta().toolCalls().isPresent()).hasSizeGreaterThan(2);
        ChatCompletion.Choice streamed = accumulator.chatCompletion().choices().get(0);
        assertThat(streamed.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = streamed.message().toolCalls().orElseThrow().get(0).asFunction();
        ChatCompletionMessageFunctionToolCall expected = whole.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertThat(call.id()).isEqualTo(expected.id());
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(JSON.readTree(call.function().arguments())).isEqualTo(JSON.readTree(expected.function().arguments()));
    }

    @Test
    void callsTheFunctionToolChoiceNames() {
        ChatCompletion completion = client.chat().completions().create(weatherQuestion("claude-3-haiku")
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_time").build()).build())
                .build());

        ChatCompletionMessageFunctionToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertThat(call.function().name()).isEqualTo("get_time");
        assertThat(JSON.readTree(call.function().arguments()).get("zone").asString()).isEqualTo("Weather in Oslo?");
    }

    @Test
    void passesOnBedrocksRefusalOfAToolChoiceTheModelDoesNotTake() {
        assertThatThrownBy(() -> client.chat().completions().create(weatherQuestion("command-r")
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_time").build()).build())
                .build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("doesn't support the toolConfig.toolChoice.tool field");
    }

    @Test
    void refusesToolsForAModelWithoutToolSupport() {
        assertThatThrownBy(() -> client.chat().completions().create(weatherQuestion("llama3-8b").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("Model llama3-8b does not support tool calls");
    }

    @Test
    void refusesStreamedToolsForAModelThatCallsToolsOnlyInWholeAnswers() {
        ChatCompletionCreateParams params = weatherQuestion("mistral-large").build();

        assertThat(client.chat().completions().create(params).choices().get(0).message().toolCalls()).isPresent();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().toList();
            }
        }).isInstanceOf(BadRequestException.class).hasMessageContaining("does not support tool calls in streamed answers");
    }

    @Test
    void aRouteSkipsAModelWithoutToolSupport() throws Exception {
        Answer answer = post(CHAT, """
                {"model":"route:llama-first","messages":[{"role":"user","content":"Weather in Oslo?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("model").asString()).isEqualTo("claude-3-haiku");
        assertThat(json.at("/choices/0/message/tool_calls/0/function/name").asString()).isEqualTo("get_weather");
        assertThat(json.at("/choices/0/message/tool_calls/0/type").asString()).isEqualTo("function");
        assertThat(json.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(json.at("/x_gateway/route/attempts/0/model").asString()).isEqualTo("llama3-8b");
        assertThat(json.at("/x_gateway/route/attempts/0/outcome").asString()).isEqualTo("skipped");
        assertThat(json.at("/x_gateway/route/attempts/0/detail").asString()).contains("does not support tool calls");
        assertThat(emulator.calls("meta.llama3-8b-instruct-v1:0")).isZero();
    }

    @Test
    void toolChoiceNoneLetsAModelWithoutToolSupportReadEarlierCalls() throws Exception {
        Answer answer = post(CHAT, """
                {"model":"llama3-8b","tool_choice":"none",
                 "tools":[{"type":"function","function":{"name":"get_weather"}}],
                 "messages":[{"role":"user","content":"Weather in Oslo?"},
                   {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                   {"role":"tool","tool_call_id":"call_1","content":"12 C"}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(answer.json().at("/choices/0/message/content").asString()).contains("12 C");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tool type          | tools[0].type                             | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"custom","function":{"name":"f"}}]} | only "function" tools
            undeclared choice  | tool_choice.function.name                 | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":{"type":"function","function":{"name":"g"}}} | not among the tools
            choice, no tools   | tool_choice                               | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],"tool_choice":"required"} | only allowed when tools are given
            unknown choice     | tool_choice                               | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"always"} | is not one of: auto, none, required
            bad arguments      | messages[1].tool_calls[0].function.arguments | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{city:"}}]}]} | is not valid JSON
            array arguments    | messages[1].tool_calls[0].function.arguments | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1]"}}]}]} | must be a JSON object
            no tool_call_id    | messages[2].tool_call_id                  | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"42"}]} | tool_call_id is required
            unanswered id      | messages[2].tool_call_id                  | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c2","content":"42"}]} | answers no tool call
            user tool_calls    | messages[0].tool_calls                    | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi","tool_calls":[]}]} | only assistant messages carry tool_calls
            strict schema      | tools[0].function.strict                  | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","strict":true}}]} | Bedrock does not enforce
            bad function name  | tools[0].function.name                    | {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"get weather"}}]} | must be 1 to 64 letters
            no tool support    | tools                                     | {"model":"llama3-70b","messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f"}}]} | Model llama3-70b does not support tool calls
            """)
    void refusesWithTheFieldAsParam(String name, String param, String body, String message) throws Exception {
        Answer answer = post(CHAT, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        JsonNode error = answer.json().get("error");
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asString()).isEqualTo(param);
        assertThat(error.get("message").asString()).contains(message);
    }
}
