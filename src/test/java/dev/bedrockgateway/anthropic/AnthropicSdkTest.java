package dev.bedrockgateway.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.bedrockgateway.GatewayHttpTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official anthropic-java client, pointed at the gateway with only its base URL changed, works unchanged:
 * create, stream, a tool round trip, count_tokens, and failures raised as its own exception classes
 * (https://docs.anthropic.com/en/api/errors: 400 invalid_request_error, 404 not_found_error, 429 rate_limit_error).
 */
class AnthropicSdkTest extends GatewayHttpTest {

    private static final Tool WEATHER = Tool.builder()
            .name("get_weather").description("Current weather for a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .build())
            .build();

    private AnthropicClient client;

    @BeforeEach
    void connect() {
        // No SDK retries: a 429 must reach the test at once instead of after the client's back-off.
        client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port).apiKey("test").maxRetries(0)
                .build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private static MessageCreateParams.Builder hello(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(200).addUserMessage("Name a colour");
    }

    @Test
    void createsAMessageUnderAnthropicsModelName() {
        Message message = client.messages().create(hello("claude-3-haiku-20240307").build());

        assertThat(message.id()).startsWith("msg_");
        assertThat(message.model().asString()).isEqualTo("claude-3-haiku");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text().orElseThrow().text()).contains("Name a colour");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isPositive();
        assertThat(message.usage().outputTokens()).isPositive();
    }

    @Test
    void streamsTheSameMessageTheSdkAccumulates() {
        MessageCreateParams params = hello("claude-3-haiku").build();
        Message whole = client.messages().create(params);
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message streamed = accumulator.message();
        assertThat(streamed.content().get(0).text().orElseThrow().text())
                .isEqualTo(whole.content().get(0).text().orElseThrow().text());
        assertThat(streamed.stopReason()).contains(StopReason.END_TURN);
        assertThat(streamed.usage().inputTokens()).isEqualTo(whole.usage().inputTokens());
        assertThat(streamed.usage().outputTokens()).isEqualTo(whole.usage().outputTokens());
    }

    @Test
    void callsAToolThenAnswersWithItsResult() {
        MessageCreateParams.Builder conversation = MessageCreateParams.builder().model("claude-3-haiku")
                .maxTokens(300).addTool(WEATHER).addUserMessage("Oslo");
        Message first = client.messages().create(conversation.build());

        assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock call = first.content().stream().map(ContentBlock::toolUse).flatMap(java.util.Optional::stream)
                .findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().convert(Map.class)).containsEntry("city", "Oslo");

        Message answer = client.messages().create(conversation
                .addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(call.id()).content("12 C and sunny").build())))
                .build());

        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        assertThat(answer.content().get(0).text().orElseThrow().text()).contains("12 C and sunny");
    }

    @Test
    void streamsAForcedToolCallTheSdkAccumulates() {
        MessageCreateParams params = MessageCreateParams.builder().model("claude-3-haiku").maxTokens(300)
                .addTool(WEATHER).toolChoice(ToolChoiceTool.builder().name("get_weather").build())
                .addUserMessage("Bergen").build();
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message streamed = accumulator.message();
        assertThat(streamed.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock call = streamed.content().stream().map(ContentBlock::toolUse)
                .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().convert(Map.class)).containsEntry("city", "Bergen");
    }

    @Test
    void countsTokensWithBedrocksCountTokens() {
        long counted = client.messages().countTokens(MessageCountTokensParams.builder()
                .model("claude-3-haiku-20240307").system("Be brief").addUserMessage("Name a colour").build())
                .inputTokens();
        Message message = client.messages().create(hello("claude-3-haiku").system("Be brief").build());

        // The emulator counts as it charges: the same input reads the same tokens.
        assertThat(counted).isPositive().isEqualTo(message.usage().inputTokens());
    }

    @Test
    void refusesToCountForAModelBedrockDoesNotCountFor() {
        assertThatThrownBy(() -> client.messages().countTokens(MessageCountTokensParams.builder()
                .model("llama3-8b").addUserMessage("Name a colour").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("doesn't support counting tokens");
    }

    @Test
    void servesOtherModelsThroughTheSameClient() {
        for (String model : List.of("llama3-8b", "mistral-large")) {
            Message message = client.messages().create(hello(model).build());

            assertThat(message.content().get(0).text().orElseThrow().text()).contains("Name a colour");
        }
    }

    @Test
    void raisesTheSdksOwnExceptions() throws Exception {
        assertThatThrownBy(() -> client.messages().create(hello("claude-9").build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Unknown model 'claude-9'");
        assertThatThrownBy(() -> client.messages().create(MessageCreateParams.builder().model("claude-3-haiku")
                .maxTokens(20).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId("toolu_x").content("42").build()))).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("answers no tool_use block");

        fault("anthropic.claude-3-haiku-20240307-v1:0", "throttling", 1.0);
        assertThatThrownBy(() -> client.messages().create(hello("claude-3-haiku").build()))
                .isInstanceOf(RateLimitException.class);
    }

    /**
     * Every Anthropic answer has a unique {@code request-id} header, which the SDKs expose as the request id
     * (https://platform.claude.com/docs/en/api/errors, "Request id"): the gateway sends its own id there too, on
     * answers, streams and errors alike.
     */
    @Test
    void givesTheRequestIdWhereTheSdkReadsIt() {
        try (HttpResponseFor<Message> answer = client.messages().withRawResponse().create(hello("claude-3-haiku")
                .build())) {
            assertThat(answer.requestId()).isPresent().get().asString().startsWith("req_")
                    .isEqualTo(answer.headers().values("X-Request-Id").get(0));
        }
        try (HttpResponseFor<StreamResponse<RawMessageStreamEvent>> stream = client.messages().withRawResponse()
                .createStreaming(hello("claude-3-haiku").build())) {
            assertThat(stream.requestId()).isPresent().get()
                    .isEqualTo(stream.headers().values("X-Request-Id").get(0));
        }
        try (HttpResponseFor<MessageTokensCount> count = client.messages().withRawResponse().countTokens(
                MessageCountTokensParams.builder().model("claude-3-haiku").addUserMessage("Hi").build())) {
            assertThat(count.requestId()).isPresent();
        }

        NotFoundException unknown = catchThrowableOfType(NotFoundException.class,
                () -> client.messages().create(hello("claude-9").build()));
        assertThat(unknown.requestId()).isPresent().get().asString().startsWith("req_")
                .isEqualTo(unknown.headers().values("X-Request-Id").get(0));
        assertThat(unknown.body().toString()).contains(unknown.requestId().orElseThrow());
    }

    /** Anthropic answers a request that timed out with 504 timeout_error (https://platform.claude.com/docs/en/api/errors). */
    @Test
    void typesAnUpstreamTimeOutAsATimeoutError() throws Exception {
        fault("anthropic.claude-3-haiku-20240307-v1:0", "timeout", 1.0);

        AnthropicServiceException timedOut = catchThrowableOfType(AnthropicServiceException.class,
                () -> client.messages().create(hello("claude-3-haiku").build()));

        assertThat(timedOut.statusCode()).isEqualTo(504);
        assertThat(timedOut.errorType()).contains(ErrorType.TIMEOUT_ERROR);
    }
}
