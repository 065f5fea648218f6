package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Structured outputs through openai-java, enforced on Bedrock by a forced tool call. OpenAI's shapes:
 * {@code response_format: {"type":"json_object"}} and {@code {"type":"json_schema","json_schema":{"name","schema",
 * "strict"}}} (https://platform.openai.com/docs/api-reference/chat/create, "response_format"; and
 * https://platform.openai.com/docs/guides/structured-outputs). The emulator answers a forced tool with every required
 * property of the schema, strings taken from the prompt, integers at their minimum or 1.
 */
@TestPropertySource(properties = {
        // A route whose first model has no tool use, so a structured output must skip it (as OpenAiToolsTest's).
        "gateway.routes.llama-first.targets[0]=llama3-8b",
        "gateway.routes.llama-first.targets[1]=claude-3-haiku"})
class StructuredOutputsTest extends OpenAiClientTest {

    private static final String PROMPT = "Tell me about Oslo";

    /** What openai-java turns into a strict json_schema (every field required, no other properties). */
    public static class City {
        public String name;
        public long population;
    }

    private static ResponseFormatJsonSchema citySchema(Map<String, Object> name, boolean strict) {
        return ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name("city").strict(strict)
                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("name", name,
                                "population", Map.of("type", "integer"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("name", "population")))
                        .build())
                .build()).build();
    }

    @Test
    void parsesTheAnswerIntoAJavaClassFromItsSchema() {
        StructuredChatCompletion<City> completion = client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("claude-3-haiku").addUserMessage(PROMPT)
                        .responseFormat(City.class).build());

        City city = completion.choices().get(0).message().content().orElseThrow();
        assertThat(city.name).isEqualTo(PROMPT);
        assertThat(city.population).isEqualTo(1);
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.choices().get(0).message().toolCalls()).isEmpty();
    }

    /** Claude is forced with toolChoice.tool, Mistral Large with toolChoice.any, Command R offered the tool only. */
    @ParameterizedTest
    @ValueSource(strings = {"claude-3-haiku", "mistral-large", "command-r"})
    void answersWithJsonThatMeetsTheSchemaOnEveryModelWithToolUse(String model) {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage(PROMPT).responseFormat(citySchema(Map.of("type", "string"), true))
                .build());

        JsonNode answer = JSON.readTree(completion.choices().get(0).message().content().orElseThrow());
        assertThat(answer.get("name").asString()).isEqualTo(PROMPT);
        assertThat(answer.get("population").asLong()).isEqualTo(1);
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void answersAJsonObjectInJsonMode() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-haiku").addUserMessage(PROMPT)
                .responseFormat(ResponseFormatJsonObject.builder().build()).build());

        String content = completion.choices().get(0).message().content().orElseThrow();
        assertThat(JSON.readTree(content).isObject()).as(content).isTrue();
    }

    @Test
    void streamsTheJsonAsContentDeltas() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-3-haiku")
                .addUserMessage(PROMPT).responseFormat(citySchema(Map.of("type", "string"), true)).build();
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            chunks = stream.stream().toList();
        }

        List<String> deltas = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.delta().content().stream()).filter(text -> !text.isEmpty()).toList();
        assertThat(deltas).hasSizeGreaterThan(1);
        JsonNode answer = JSON.readTree(String.join("", deltas));
        assertThat(answer.get("name").asString()).isEqualTo(PROMPT);
        assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .anyMatch(choice -> choice.delta().toolCalls().isPresent())).isFalse();
        assertThat(chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .flatMap(choice -> choice.finishReason().stream()).map(Object::toString)
                .collect(Collectors.toList())).containsExactly("stop");
    }

    /** The emulator writes the prompt into the name, longer than the schema allows: strict must not let it pass. */
    @Test
    void refusesAStrictAnswerThatBreaksTheSchema() {
        Map<String, Object> shortName = Map.of("type", "string", "maxLength", 3);
        ChatCompletionCreateParams strict = ChatCompletionCreateParams.builder().model("claude-3-haiku")
                .addUserMessage(PROMPT).responseFormat(citySchema(shortName, true)).build();

        assertThatThrownBy(() -> client.chat().completions().create(strict))
                .isInstanceOfSatisfying(OpenAIServiceException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(502);
                    assertThat(error.code()).contains("structured_output_invalid");
                    assertThat(error.getMessage()).contains("does not meet the schema 'city'").contains("name");
                });

        // Not strict: the same answer is a JSON object, which is all that is promised.
        ChatCompletion lenient = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-haiku").addUserMessage(PROMPT).responseFormat(citySchema(shortName, false)).build());
        assertThat(JSON.readTree(lenient.choices().get(0).message().content().orElseThrow())
                .get("name").asString()).isEqualTo(PROMPT);
    }

    @Test
    void endsAStrictStreamThatBreaksTheSchemaWithAnError() throws Exception {
        Answer answer = post("/v1/chat/completions", """
                {"model":"claude-3-haiku","stream":true,"messages":[{"role":"user","content":"Tell me about Oslo"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"city","strict":true,"schema":
                   {"type":"object","properties":{"name":{"type":"string","maxLength":3}},"required":["name"]}}}}""");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("structured_output_invalid").doesNotContain("[DONE]")
                .doesNotContain("\"finish_reason\":\"stop\"");
    }

    @Test
    void refusesASchemaThatIsNotJsonSchema() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("claude-3-haiku")
                .addUserMessage(PROMPT).responseFormat(citySchema(Map.of("type", "text"), true)).build();

        assertThatThrownBy(() -> client.chat().completions().create(params))
                .isInstanceOfSatisfying(BadRequestException.class, error -> {
                    assertThat(error.getMessage()).contains("is not a valid JSON Schema");
                    assertThat(error.param()).contains("response_format.json_schema.schema");
                });
    }

    @Test
    void refusesAModelWithoutToolUseNamingIt() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("llama3-8b")
                .addUserMessage(PROMPT).responseFormat(citySchema(Map.of("type", "string"), true)).build();

        assertThatThrownBy(() -> client.chat().completions().create(params))
                .isInstanceOfSatisfying(BadRequestException.class, error ->
                        assertThat(error.getMessage()).contains("Model llama3-8b cannot give structured outputs"));
    }

    @Test
    void skipsARoutesModelWithoutToolUse() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("route:llama-first").addUserMessage(PROMPT)
                .responseFormat(citySchema(Map.of("type", "string"), true)).build());

        assertThat(completion.model()).isEqualTo("claude-3-haiku");
        assertThat(JSON.readTree(completion.choices().get(0).message().content().orElseThrow())
                .get("name").asString()).isEqualTo(PROMPT);
    }

    @Test
    void refusesToStreamOnAModelThatCallsToolsOnlyInWholeAnswers() throws Exception {
        Answer answer = post("/v1/chat/completions", """
                {"model":"mistral-large","stream":true,"messages":[{"role":"user","content":"Hi"}],
                 "response_format":{"type":"json_object"}}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asString()).contains("cannot stream structured outputs");
    }

    @Test
    void refusesAResponseFormatBesideTools() throws Exception {
        Answer answer = post("/v1/chat/completions", """
                {"model":"claude-3-haiku","messages":[{"role":"user","content":"Hi"}],
                 "tools":[{"type":"function","function":{"name":"f"}}],"response_format":{"type":"json_object"}}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asString()).contains("cannot be combined with tools");
    }

    @Test
    void answersTheNativeApiWithJsonThatMeetsItsSchema() throws Exception {
        Answer answer = post("/v1/generate", """
                {"model":"claude-3-haiku","prompt":"Tell me about Oslo",
                 "response_format":{"name":"city","schema":{"type":"object","properties":{"name":{"type":"string"},
                   "founded":{"type":"integer","minimum":1040}},"required":["name","founded"]}}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode city = JSON.readTree(answer.json().at("/output/text").asString());
        assertThat(city.get("name").asString()).isEqualTo(PROMPT);
        assertThat(city.get("founded").asInt()).isEqualTo(1040);
        assertThat(answer.json().get("finish_reason").asString()).isEqualTo("stop");
    }

    @Test
    void streamsTheNativeApisJsonAsDeltaEvents() throws Exception {
        Answer answer = post("/v1/generate", """
                {"model":"claude-3-haiku","prompt":"Tell me about Oslo","stream":true,
                 "response_format":{"schema":{"type":"object","properties":{"name":{"type":"string"}},
                   "required":["name"]}}}""");

        assertThat(answer.status()).isEqualTo(200);
        StringBuilder text = new StringBuilder();
        String[] lines = answer.body().split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].equals("event:delta")) {
                text.append(JSON.readTree(lines[i + 1].substring("data:".length())).get("text").asString());
            }
        }
        assertThat(JSON.readTree(text.toString()).get("name").asString()).isEqualTo(PROMPT);
        assertThat(answer.body()).contains("event:end").contains("\"finish_reason\":\"stop\"")
                .doesNotContain("tool_call");
    }

    /** A schema may refer within itself; it may not make the gateway read a URL or one of its own files. */
    @Test
    void followsReferencesWithinTheSchemaOnly() throws Exception {
        Answer inner = post("/v1/generate", """
                {"model":"claude-3-haiku","prompt":"Tell me about Oslo","response_format":{"schema":{"type":"object",
                 "$defs":{"name":{"type":"string","minLength":1}},"properties":{"name":{"$ref":"#/$defs/name"}},
                 "required":["name"]}}}""");
        assertThat(inner.status()).as(inner.body()).isEqualTo(200);
        assertThat(JSON.readTree(inner.json().at("/output/text").asString()).get("name").asString()).isEqualTo(PROMPT);

        for (String outside : List.of("classpath:application.yml", "http://127.0.0.1:9/schema.json")) {
            Answer answer = post("/v1/generate", """
                    {"model":"claude-3-haiku","prompt":"Hi","response_format":{"schema":{"type":"object",
                     "properties":{"a":{"$ref":"%s"}}}}}""".formatted(outside));
            assertThat(answer.status()).as(outside + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("detail").asString()).contains("is not a valid JSON Schema")
                    .doesNotContain("gateway:");
        }
    }

    @Test
    void refusesAnInvalidSchemaOnTheNativeApi() throws Exception {
        Answer answer = post("/v1/generate", """
                {"model":"claude-3-haiku","prompt":"Hi","response_format":{"schema":{"type":"object","required":"a"}}}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("detail").asString()).contains("response_format.schema is not a valid JSON Schema");
    }
}
