package dev.bedrockgateway.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/messages} on the wire, as curl or any HTTP client sees it. Field names and the event sequence are
 * Anthropic's: https://docs.anthropic.com/en/api/messages (the Message object),
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming (message_start, content_block_start,
 * content_block_delta with text_delta / input_json_delta, content_block_stop, message_delta, message_stop, ping),
 * https://docs.anthropic.com/en/api/errors (the error shape and the status of each type) and
 * https://docs.anthropic.com/en/api/versioning (the anthropic-version header is required).
 */
class AnthropicWireTest extends GatewayHttpTest {

    private static final String MESSAGES = "/v1/messages";

    private Answer messages(String body) throws Exception {
        return messages(body, "2023-06-01");
    }

    private Answer messages(String body, String version) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(MESSAGES))
                .header("Content-Type", "application/json")
                .header("anthropic-beta", "prompt-caching-2024-07-31,interleaved-thinking-2025-05-14")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (version != null) {
            request.header("anthropic-version", version);
        }
        return send(request.build());
    }

    private static String hello(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    }

    @Test
    void answersInAnthropicsMessageShapeUnderAnthropicsModelName() throws Exception {
        Answer answer = messages(hello("claude-3-haiku-20240307"));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode message = answer.json();
        assertThat(message.get("id").asString()).startsWith("msg_");
        assertThat(message.get("type").asString()).isEqualTo("message");
        assertThat(message.get("role").asString()).isEqualTo("assistant");
        assertThat(message.get("model").asString()).isEqualTo("claude-3-haiku");
        assertThat(message.get("content").get(0).get("type").asString()).isEqualTo("text");
        assertThat(message.get("content").get(0).get("text").asString()).contains("Say hi");
        assertThat(message.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(message.has("stop_sequence")).isTrue();
        assertThat(message.get("stop_sequence").isNull()).isTrue();
        assertThat(message.get("usage").get("input_tokens").asInt()).isPositive();
        assertThat(message.get("usage").get("output_tokens").asInt()).isPositive();
        assertThat(answer.header("X-Gateway-Model")).isEqualTo("claude-3-haiku");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3-8b", "mistral-large", "meta.llama3-8b-instruct-v1:0", "titan-text-express"})
    void servesModelsOtherThanClaude(String model) throws Exception {
        Answer answer = messages(hello(model));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("content").get(0).get("text").asString()).contains("Say hi");
    }

    @Test
    void mapsSystemBlocksStopSequencesAndSampling() throws Exception {
        Answer answer = messages("""
                {"model":"claude-3-haiku","max_tokens":5,"temperature":0.2,"top_p":0.9,"top_k":40,
                 "stop_sequences":["\\n\\nHuman:"],"metadata":{"user_id":"u-1"},
                 "system":[{"type":"text","text":"Be brief","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"Tell me a long story"}]},
                             {"role":"assistant","content":"Once"},
                             {"role":"user","content":"go on"}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("stop_reason").asString()).isEqualTo("max_tokens");
        assertThat(answer.json().get("usage").get("output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void readsSystemMessagesAmongTheTurnsIntoTheSystemPrompt() throws Exception {
        String plain = "{\"model\":\"claude-3-haiku\",\"max_tokens\":20,\"messages\":[%s"
                + "{\"role\":\"user\",\"content\":\"Hi\"}]}";
        int without = messages(plain.formatted("")).json().get("usage").get("input_tokens").asInt();

        Answer answer = messages(plain.formatted(
                "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Answer in five words\"}]},"),
                "2026-10-21");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("usage").get("input_tokens").asInt()).isEqualTo(without + 4);
    }

    @Test
    void skipsFieldsItDoesNotKnowAndSaysWhich() throws Exception {
        Answer answer = messages("""
                {"model":"claude-3-haiku","max_tokens":20,"thinking":{"type":"enabled","budget_tokens":1024},
                 "brand_new_field":1,"messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("X-Gateway-Ignored-Fields")).isEqualTo("brand_new_field");
    }

    @Test
    void takesTextDocumentsAndBase64Images() throws Exception {
        String png = java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10});
        Answer answer = messages("""
                {"model":"claude-3-haiku","max_tokens":200,"messages":[{"role":"user","content":[
                  {"type":"document","title":"Memo","source":{"type":"text","media_type":"text/plain","data":"Budget is 5"}},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}},
                  {"type":"text","text":"What is the budget?"}]}]}""".formatted(png));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("content").get(0).get("text").asString()).contains("What is the budget?");
    }

    /** The SSE events of a streamed answer, each as [name, data]. */
    private static List<String[]> events(String body) {
        List<String[]> events = new ArrayList<>();
        String name = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                events.add(new String[] {name, line.substring("data:".length()).trim()});
                name = null;
            }
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-3-haiku", "llama3-8b"})
    void streamsAnthropicsEventSequence(String model) throws Exception {
        String whole = messages(hello(model)).json().get("content").get(0).get("text").asString();
        Answer answer = messages(hello(model).replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\""));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
        List<String[]> events = events(answer.body());
        List<String> names = events.stream().map(event -> event[0]).toList();
        assertThat(names.subList(0, 3)).containsExactly("message_start", "ping", "content_block_start");
        assertThat(names.subList(names.size() - 3, names.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        assertThat(names.subList(3, names.size() - 3)).containsOnly("content_block_delta");
        StringBuilder text = new StringBuilder();
        for (String[] event : events) {
            JsonNode data = JSON.readTree(event[1]);
            assertThat(data.get("type").asString()).isEqualTo(event[0]);
            if (event[0].equals("content_block_delta")) {
                assertThat(data.get("index").asInt()).isZero();
                assertThat(data.get("delta").get("type").asString()).isEqualTo("text_delta");
                text.append(data.get("delta").get("text").asString());
            }
        }
        assertThat(text.toString()).isEqualTo(whole);
        JsonNode start = JSON.readTree(events.get(0)[1]).get("message");
        assertThat(start.get("id").asString()).startsWith("msg_");
        assertThat(start.get("content")).isEmpty();
        JsonNode delta = JSON.readTree(events.get(events.size() - 2)[1]);
        assertThat(delta.get("delta").get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(delta.get("usage").get("output_tokens").asInt()).isPositive();
        assertThat(delta.get("usage").get("input_tokens").asInt()).isPositive();
    }

    @Test
    void streamsAToolCallAsInputJsonDeltas() throws Exception {
        Answer answer = messages("""
                {"model":"claude-3-haiku","max_tokens":200,"stream":true,
                 "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object",
                   "properties":{"city":{"type":"string"}},"required":["city"]}}],
                 "tool_choice":{"type":"tool","name":"get_weather"},
                 "messages":[{"role":"user","content":"Oslo"}]}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String[]> events = events(answer.body());
        JsonNode start = events.stream().filter(event -> event[0].equals("content_block_start"))
                .map(event -> JSON.readTree(event[1]).get("content_block"))
                .filter(block -> block.get("type").asString().equals("tool_use")).findFirst().orElseThrow();
        assertThat(start.get("name").asString()).isEqualTo("get_weather");
        assertThat(start.get("id").asString()).isNotEmpty();
        StringBuilder input = new StringBuilder();
        events.stream().filter(event -> event[0].equals("content_block_delta"))
                .map(event -> JSON.readTree(event[1]).get("delta"))
                .filter(delta -> delta.get("type").asString().equals("input_json_delta"))
                .forEach(delta -> input.append(delta.get("partial_json").asString()));
        assertThat(JSON.readTree(input.toString()).get("city").asString()).isEqualTo("Oslo");
        JsonNode delta = JSON.readTree(events.get(events.size() - 2)[1]);
        assertThat(delta.get("delta").get("stop_reason").asString()).isEqualTo("tool_use");
    }

    private void assertRefused(Answer answer, int status, String type, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode body = answer.json();
        assertThat(body.get("type").asString()).isEqualTo("error");
        assertThat(body.get("error").get("type").asString()).isEqualTo(type);
        assertThat(body.get("error").get("message").asString()).contains(message);
    }

    @Test
    void requiresTheAnthropicVersionHeaderAndKnowsItsValues() throws Exception {
        assertRefused(messages(hello("claude-3-haiku"), null), 400, "invalid_request_error",
                "anthropic-version: header is required");
        assertRefused(messages(hello("claude-3-haiku"), "2024-13-01"), 400, "invalid_request_error",
                "'2024-13-01' is not a known API version");
        assertThat(messages(hello("claude-3-haiku"), "2026-10-21").status()).isEqualTo(200);
    }

    @Test
    void refusesSamplingParametersUnderTheVersionThatRemovedThem() throws Exception {
        assertRefused(messages(hello("claude-3-haiku").replace("{", "{\"temperature\":0.5,"), "2026-10-21"), 400,
                "invalid_request_error", "temperature is not supported in API version 2026-10-21");
    }

    @Test
    void refusesBadInputWithAClearInvalidRequestError() throws Exception {
        assertRefused(messages("{\"model\":\"claude-3-haiku\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                400, "invalid_request_error", "max_tokens is required");
        assertRefused(messages(hello("claude-3-haiku").replace("64", "\"ten\"")), 400, "invalid_request_error",
                "max_tokens");
        assertRefused(messages("{\"model\":\"claude-3-haiku\",\"max_tokens\":9,\"messages\":\"Hi\"}"), 400,
                "invalid_request_error", "messages must be a non-empty list");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_1","content":"42"}]}]}"""), 400,
                "invalid_request_error", "messages[0].content[0].tool_use_id 'toolu_1' answers no tool_use block");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"user","content":[
                  {"type":"image"}]}]}"""), 400, "invalid_request_error", "messages[0].content[0].source is required");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"user","content":[
                  {"type":"text"}]}]}"""), 400, "invalid_request_error", "messages[0].content[0].text is required");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"user","content":[
                  {"type":"thinking","thinking":"hm"}]}]}"""), 400, "invalid_request_error",
                "messages[0].content[0].type 'thinking' is not supported");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"user","content":[
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}]}]}"""),
                400, "invalid_request_error", "is a PDF");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"tools":[{"type":"web_search_20250305","name":"web_search"}],
                 "messages":[{"role":"user","content":"Hi"}]}"""), 400, "invalid_request_error",
                "one of Anthropic's server tools");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"tool_choice":{"type":"any"},
                 "messages":[{"role":"user","content":"Hi"}]}"""), 400, "invalid_request_error",
                "tool_choice 'any' needs tools");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"bot","content":"Hi"}]}"""), 400,
                "invalid_request_error", "messages[0].role must be user, assistant or system");
        assertRefused(messages("""
                {"model":"claude-3-haiku","max_tokens":9,"messages":[{"role":"system","content":"Be brief"}]}"""),
                400, "invalid_request_error", "add a user message");
    }

    @Test
    void answersUnknownModelsAndPathsInAnthropicsShape() throws Exception {
        assertRefused(messages(hello("claude-9")), 404, "not_found_error", "Unknown model 'claude-9'");
        assertRefused(post("/v1/messages/batches", "{}"), 404, "not_found_error", "No such endpoint");
        Answer wrongMethod = get(MESSAGES);
        assertThat(wrongMethod.json().get("type").asString()).isEqualTo("error");
        assertThat(wrongMethod.json().get("error").get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void endsWithAnErrorEventWhenTheModelFailsMidStream() throws Exception {
        Answer armed = send(HttpRequest.newBuilder(emulator.endpoint().resolve(
                        "/emulator/faults/meta.llama3-8b-instruct-v1%3A0"))
                .version(java.net.http.HttpClient.Version.HTTP_1_1).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"error\":\"model_stream_error\",\"rate\":1.0,\"fail_after_chunks\":3}")).build());
        assertThat(armed.status()).as(armed.body()).isBetween(200, 204);

        Answer answer = messages("{\"model\":\"llama3-8b\",\"max_tokens\":200,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about the sea\"}]}");

        assertThat(answer.status()).isEqualTo(200);
        List<String[]> events = events(answer.body());
        assertThat(events.get(0)[0]).isEqualTo("message_start");
        assertThat(events).extracting(event -> event[0]).contains("content_block_delta").doesNotContain("message_stop");
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("error");
        JsonNode error = JSON.readTree(last[1]);
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("error").get("type").asString()).isEqualTo("api_error");
        assertThat(error.get("request_id").asString()).isNotBlank();
    }

    @Test
    void tellsAFailureBeforeTheFirstEventAsAnOrdinaryError() throws Exception {
        fault("anthropic.claude-3-haiku-20240307-v1:0", "throttling", 1.0);

        Answer answer = messages(hello("claude-3-haiku").replace("\"max_tokens\"", "\"stream\":true,\"max_tokens\""));

        assertRefused(answer, 429, "rate_limit_error", "");
    }
}
