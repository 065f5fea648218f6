package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's Responses API through openai-java's {@code client.responses()}. The shapes are OpenAI's:
 * https://platform.openai.com/docs/api-reference/responses/create (request and response object) and
 * https://platform.openai.com/docs/api-reference/responses-streaming (the {@code response.*} events, each with a
 * {@code sequence_number}); openai-java's own {@code validate()} checks every required field of each.
 */
class ResponsesApiTest extends OpenAiClientTest {

    private static final FunctionTool WEATHER = FunctionTool.builder().name("get_weather")
            .description("Current weather for a city").strict(true)
            .parameters(FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .putAdditionalProperty("additionalProperties", JsonValue.from(false))
                    .build())
            .build();

    /** What openai-java turns into text.format json_schema. */
    public static class City {
        public String name;
        public long population;
    }

    private static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream())
                .flatMap(content -> content.outputText().stream())
                .map(text -> text.text()).reduce("", String::concat);
    }

    @Test
    void answersAStringInputWithAMessage() {
        Response response = client.responses().create(ResponseCreateParams.builder().model("claude-3-haiku")
                .instructions("Answer briefly.").input("Say hello").maxOutputTokens(200).build());

        response.validate();
        assertThat(response.id()).startsWith("resp_");
        assertThat(response._object_()).isEqualTo(JsonValue.from("response"));
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(response.model().asString()).isEqualTo("claude-3-haiku");
        assertThat(response.output()).hasSize(1);
        ResponseOutputMessage message = response.output().get(0).message().orElseThrow();
        assertThat(message.id()).startsWith("msg_");
        assertThat(text(response)).isNotBlank();
        assertThat(response.usage().orElseThrow().totalTokens())
                .isEqualTo(response.usage().orElseThrow().inputTokens() + response.usage().orElseThrow().outputTokens())
                .isPositive();
        assertThat(response.instructions()).isPresent();
    }

    @Test
    void streamsTheResponseEventsInOpenAisOrder() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("claude-3-haiku").input("Tell me a story").build())) {
            stream.stream().forEach(event -> {
                event.validate();
                events.add(accumulator.accumulate(event));
            });
        }

        List<String> types = events.stream().map(ResponsesApiTest::type).toList();
        assertThat(types.subList(0, 4)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added");
        assertThat(types.subList(types.size() - 4, types.size())).containsExactly("response.output_text.done",
                "response.content_part.done", "response.output_item.done", "response.completed");
        assertThat(types.stream().filter("response.output_text.delta"::equals).count()).isGreaterThan(1);
        assertThat(events.stream().map(ResponsesApiTest::sequenceNumber).toList())
                .isEqualTo(LongStream.range(0, events.size()).boxed().toList());
        String deltas = events.stream().flatMap(event -> event.outputTextDelta().stream())
                .map(delta -> delta.delta()).reduce("", String::concat);
        Response completed = accumulator.response();
        assertThat(text(completed)).isEqualTo(deltas).isNotBlank();
        assertThat(completed.status()).contains(ResponseStatus.COMPLETED);
        assertThat(completed.usage().orElseThrow().outputTokens()).isPositive();
        assertThat(events.get(0).created().orElseThrow().response().id()).isEqualTo(completed.id());
    }

    @Test
    void callsAFunctionThenAnswersWithItsOutput() {
        Response first = client.responses().create(ResponseCreateParams.builder().model("claude-3-haiku")
                .input("Weather in Oslo?").addTool(WEATHER).build());

        ResponseFunctionToolCall call = first.output().stream().flatMap(item -> item.functionCall().stream())
                .findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.callId()).startsWith("tooluse_");
        assertThat(call.id()).hasValueSatisfying(id -> assertThat(id).startsWith("fc_"));
        assertThat(JSON.readTree(call.arguments()).get("city").asString()).isEqualTo("Weather in Oslo?");

        Response second = client.responses().create(ResponseCreateParams.builder().model("claude-3-haiku")
                .addTool(WEATHER)
                .inputOfResponse(List.of(
                        ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                                .role(EasyInputMessage.Role.USER).content("Weather in Oslo?").build()),
                        ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId())
                                .output(ResponseInputItem.FunctionCallOutput.Output.ofString("12 C and sunny"))
                                .build())))
                .build());

        assertThat(second.output()).allSatisfy(item -> assertThat(item.isMessage()).isTrue());
        assertThat(text(second)).isNotBlank();
    }

    @Test
    void streamsAFunctionCallAsArgumentDeltas() {
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        List<String> types = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                ResponseCreateParams.builder().model("claude-3-haiku").input("Weather in Oslo?").addTool(WEATHER)
                        .build())) {
            stream.stream().forEach(event -> {
                event.validate();
                types.add(type(accumulator.accumulate(event)));
            });
        }

        assertThat(types).containsSubsequence("response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        ResponseFunctionToolCall call = accumulator.response().output().stream()
                .flatMap(item -> item.functionCall().stream()).findFirst().orElseThrow();
        assertThat(JSON.readTree(call.arguments()).get("city").asString()).isEqualTo("Weather in Oslo?");
    }

    @Test
    void answersTextFormatWithAParsedObject() {
        StructuredResponse<City> response = client.responses().create(ResponseCreateParams.builder()
                .model("claude-3-haiku").input("Tell me about Oslo").text(City.class).build());

        City city = response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .findFirst().orElseThrow();
        assertThat(city.name).isEqualTo("Tell me about Oslo");
        assertThat(city.population).isEqualTo(1);
    }

    @Test
    void refusesPreviousResponseIdBecauseResponsesAreNotStored() {
        ResponseCreateParams params = ResponseCreateParams.builder().model("claude-3-haiku").input("And then?")
                .previousResponseId("resp_123").build();

        assertThatThrownBy(() -> client.responses().create(params))
                .isInstanceOfSatisfying(BadRequestException.class, error -> {
                    assertThat(error.param()).contains("previous_response_id");
                    assertThat(error.getMessage()).contains("does not store responses");
                });
    }

    @Test
    void answersAnUnknownModelWithNotFound() {
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("no-such-model")
                .input("Hi").build())).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no input              | {"model":"claude-3-haiku"}                                                          | input is required
            empty input           | {"model":"claude-3-haiku","input":[]}                                               | non-empty list
            unknown field         | {"model":"claude-3-haiku","input":"Hi","max_tokens":5}                              | Unknown field 'max_tokens'
            unknown item          | {"model":"claude-3-haiku","input":[{"type":"item_reference","id":"x"}]}             | input[0].type 'item_reference' is not supported
            orphan output         | {"model":"claude-3-haiku","input":[{"role":"user","content":"Hi"},{"type":"function_call_output","call_id":"c1","output":"42"}]} | answers no function_call
            bad arguments         | {"model":"claude-3-haiku","input":[{"role":"user","content":"Hi"},{"type":"function_call","call_id":"c1","name":"f","arguments":"[1]"}]} | must be a JSON object
            bad part              | {"model":"claude-3-haiku","input":[{"role":"user","content":[{"type":"input_audio"}]}]} | input[0].content[0].type 'input_audio' is not supported
            built-in tool         | {"model":"claude-3-haiku","input":"Hi","tools":[{"type":"web_search"}]}             | only "function" tools
            remote image          | {"model":"claude-3-haiku","input":[{"role":"user","content":[{"type":"input_image","image_url":"https://example.com/a.png"}]}]} | the gateway fetches nothing
            previous id raw       | {"model":"claude-3-haiku","input":"Hi","previous_response_id":"resp_1"}             | does not store responses
            file image            | {"model":"claude-3-haiku","input":[{"role":"user","content":[{"type":"input_image","file_id":"f1"}]}]} | stores no files
            conversation          | {"model":"claude-3-haiku","input":"Hi","conversation":"conv_1"}                     | does not store conversations
            schema not json schema| {"model":"claude-3-haiku","input":"Hi","text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object","properties":{"a":{"type":"txt"}}}}}} | text.format.schema is not a valid JSON Schema
            format and tools      | {"model":"claude-3-haiku","input":"Hi","text":{"format":{"type":"json_object"}},"tools":[{"type":"function","name":"f"}]} | text.format cannot be combined with tools
            no tool support       | {"model":"llama3-8b","input":"Hi","tools":[{"type":"function","name":"f"}]}         | Model llama3-8b does not support tool calls
            temperature           | {"model":"claude-3-haiku","input":"Hi","temperature":1.5}                           | Bedrock's models take 0 to 1
            malformed json        | {"model":                                                                           | Malformed JSON
            """)
    void refusesBadInputWithOpenAisErrorShape(String name, String body, String message) throws Exception {
        Answer answer = post("/v1/responses", body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        JsonNode error = answer.json().get("error");
        assertThat(error).as(answer.body()).isNotNull();
        assertThat(error.get("message").asString()).contains(message);
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void namesMaxOutputTokensWhenItIsAboveTheModelsLimit() throws Exception {
        Answer answer = post("/v1/responses", """
                {"model":"claude-3-haiku","input":"Hi","max_output_tokens":999999}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asString()).contains("max_output_tokens");
    }

    @Test
    void endsAStreamThatFailsLateWithAnErrorEvent() throws Exception {
        Answer answer = post("/v1/responses", """
                {"model":"claude-3-haiku","stream":true,"input":"Tell me about Oslo","text":{"format":{"type":
                 "json_schema","name":"city","strict":true,"schema":{"type":"object","properties":{"name":
                 {"type":"string","maxLength":3}},"required":["name"]}}}}""");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("event:response.created").contains("event:error")
                .contains("\"code\":\"structured_output_invalid\"").doesNotContain("response.completed");
    }

    /** An OpenAI client calling an endpoint the gateway lacks reads the 404 from OpenAI's error shape. */
    @Test
    void answersUnknownPathsUnderV1InOpenAisErrorShape() throws Exception {
        Answer answer = post("/v1/files", "{}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
        assertThat(answer.json().at("/error/code").asString()).isEqualTo("not_found");
        assertThat(answer.json().at("/error/message").asString()).isNotBlank();
    }

    /** The event as it came over the wire, written back by openai-java's own mapper. */
    private static JsonNode wire(ResponseStreamEvent event) {
        try {
            return JSON.readTree(ObjectMappers.jsonMapper().writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(ResponseStreamEvent event) {
        return wire(event).path("type").asString();
    }

    private static long sequenceNumber(ResponseStreamEvent event) {
        return wire(event).path("sequence_number").asLong(-1);
    }
}
