package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.pipeline.ApiJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The order of the Responses API's stream events around item boundaries, which the emulator's answers (text only, or
 * tool calls only) do not reach: OpenAI closes each output item before the next opens
 * (https://platform.openai.com/docs/api-reference/responses-streaming).
 */
class ResponseStreamTest {

    private static final ResponseCreateRequest BODY = ApiJson.read(
            "{\"model\":\"claude-3-haiku\",\"input\":\"Hi\"}".getBytes(StandardCharsets.UTF_8),
            ResponseCreateRequest.class);
    private static final Function<Throwable, GatewayException> AS_IS = error -> (GatewayException) error;

    @Test
    void closesTheMessageBeforeAFunctionCallOpensAndListsBothInTheCompletedResponse() {
        List<ResponseStreamEvent> events = ResponseStream.of(Flux.just(
                        new StreamEvent.Delta("Let me look."),
                        new StreamEvent.ToolCallDelta(0, "tooluse_1", "get_weather", ""),
                        new StreamEvent.ToolCallDelta(0, null, null, "{\"city\":"),
                        new StreamEvent.ToolCallDelta(0, null, null, "\"Oslo\"}"),
                        new StreamEvent.End(FinishReason.TOOL_USE, new Usage(5, 7))),
                "claude-3-haiku", BODY, AS_IS).collectList().block();

        assertThat(events).extracting(ResponseStreamEvent::type).containsExactly(
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        assertThat(events).extracting(ResponseStreamEvent::sequenceNumber)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L);
        ResponseStreamEvent argumentsDone = events.get(11);
        assertThat(argumentsDone.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(argumentsDone.name()).isEqualTo("get_weather");
        assertThat(argumentsDone.outputIndex()).isEqualTo(1);

        ResponseObject completed = events.get(13).response();
        assertThat(completed.status()).isEqualTo("completed");
        assertThat(completed.output()).extracting(ResponseObject.OutputItem::type)
                .containsExactly("message", "function_call");
        assertThat(completed.output().get(0).content().get(0).text()).isEqualTo("Let me look.");
        assertThat(completed.output().get(1).callId()).isEqualTo("tooluse_1");
        assertThat(completed.usage().totalTokens()).isEqualTo(12);
        assertThat(completed.id()).isEqualTo(events.get(0).response().id());
    }

    @Test
    void endsAnAnswerCutShortAsIncomplete() {
        List<ResponseStreamEvent> events = ResponseStream.of(Flux.just(new StreamEvent.Delta("Once upon"),
                        new StreamEvent.End(FinishReason.LENGTH, new Usage(3, 2))),
                "claude-3-haiku", BODY, AS_IS).collectList().block();

        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo("response.incomplete");
        assertThat(last.response().incompleteDetails().reason()).isEqualTo("max_output_tokens");
    }

    @Test
    void endsWithAnErrorEventWhenTheModelFailsMidStream() {
        List<ResponseStreamEvent> events = ResponseStream.of(Flux.concat(Flux.just(new StreamEvent.Delta("Once")),
                        Flux.error(new GatewayException(ErrorKind.UPSTREAM_ERROR, "the model stopped"))),
                "claude-3-haiku", BODY, AS_IS).collectList().block();

        ResponseStreamEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo("error");
        assertThat(last.code()).isEqualTo("upstream_error");
        assertThat(last.message()).isEqualTo("the model stopped");
        assertThat(last.sequenceNumber()).isEqualTo(events.size() - 1);
        assertThat(events).extracting(ResponseStreamEvent::type).doesNotContain("response.completed");
    }
}
