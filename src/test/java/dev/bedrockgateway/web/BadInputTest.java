package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.telemetry.LogCapture;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Every kind of bad input gets the documented 4xx as problem+json, never a 500 or a stack trace. */
class BadInputTest extends GatewayHttpTest {

    @RegisterExtension
    final LogCapture log = new LogCapture();

    /**
     * A body that is JSON but not an object: {@code null} used to answer an empty 200 on /v1/generate and a 500
     * with a NullPointerException in the log on /v1/embed.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /v1/generate | null   | got null
            /v1/generate | []     | got a list
            /v1/generate | "x"    | got a string
            /v1/generate | 1      | got a number
            /v1/generate | true   | got true
            /v1/generate | ``     | body is empty
            /v1/embed    | null   | got null
            /v1/embed    | []     | got a list
            /v1/embed    | "x"    | got a string
            /v1/embed    | 1      | got a number
            /v1/embed    | false  | got false
            /v1/embed    | ``     | body is empty
            """)
    void refusesABodyThatIsNotAJsonObjectWithOneAccessLogLine(String path, String body, String detail)
            throws Exception {
        Answer answer = post(path, body);

        assertProblem(answer, 400, "invalid_request", detail);
        assertThat(log.otherThanAccessLog()).as("log lines besides the access log").isEmpty();
        assertThat(log.accessLog()).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains(answer.header("X-Request-Id"), "\"status\":400"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON              | {"prompt": "Hi"                                        | 400 | invalid_request | Malformed JSON
            not an object               | ["prompt"]                                             | 400 | invalid_request | must be a JSON object
            wrong type                  | {"prompt": 42}                                         | 400 | invalid_request | 'prompt' must be a string
            wrong nested type           | {"prompt":"Hi","parameters":{"max_tokens":"many"}}    | 400 | invalid_request | 'parameters.max_tokens' must be an integer
            float for an integer        | {"prompt":"Hi","parameters":{"max_tokens":1.5}}       | 400 | invalid_request | 'parameters.max_tokens' must be an integer
            unknown field               | {"prompt":"Hi","tempreature":0.5}                      | 400 | invalid_request | Unknown field 'tempreature'
            no prompt                   | {"model":"claude-3-haiku"}                             | 400 | invalid_request | no prompt
            empty prompt                | {"prompt":"  "}                                        | 400 | invalid_request | prompt is empty
            prompt and messages         | {"prompt":"Hi","messages":[{"role":"user","content":"Hi"}]} | 400 | invalid_request | either prompt or messages
            empty messages              | {"messages":[]}                                        | 400 | invalid_request | no prompt
            empty content               | {"messages":[{"role":"user","content":""}]}           | 400 | invalid_request | messages[0].content is empty
            empty parts                 | {"messages":[{"role":"user","content":[]}]}           | 400 | invalid_request | messages[0].content is an empty list
            missing content             | {"messages":[{"role":"user"}]}                         | 400 | invalid_request | messages[0].content is required
            unknown role                | {"messages":[{"role":"robot","content":"Hi"}]}        | 400 | invalid_request | messages[0].role 'robot' is not one of
            unknown part type           | {"messages":[{"role":"user","content":[{"type":"audio","text":"x"}]}]} | 400 | invalid_request | type 'audio'
            starts with assistant       | {"messages":[{"role":"assistant","content":"Hi"}]}    | 400 | invalid_request | must start with a user message
            temperature too high        | {"prompt":"Hi","parameters":{"temperature":1.5}}      | 400 | invalid_request | parameters.temperature must be between 0 and 1
            top_p negative              | {"prompt":"Hi","parameters":{"top_p":-0.1}}           | 400 | invalid_request | parameters.top_p must be between 0 and 1
            max_tokens zero             | {"prompt":"Hi","parameters":{"max_tokens":0}}         | 400 | invalid_request | parameters.max_tokens must be greater than 0
            max_tokens over the limit   | {"model":"llama3-8b","prompt":"Hi","parameters":{"max_tokens":5000}} | 400 | invalid_request | above the limit of model llama3-8b (2048)
            unknown model               | {"model":"gpt-9","prompt":"Hi"}                        | 404 | model_not_found | Unknown model 'gpt-9'
            unknown route               | {"route":"nowhere","prompt":"Hi"}                      | 404 | route_not_found | Unknown route 'nowhere'
            unknown task                | {"task":"video","prompt":"Hi"}                         | 400 | invalid_request | task 'video'
            SDXL size not allowed       | {"task":"image","model":"sdxl","prompt":"a cat","image":{"width":1000,"height":1000}} | 400 | invalid_request | 1024x1024
            image task on a text model  | {"task":"image","model":"llama3-8b","prompt":"a cat"}  | 400 | invalid_request | serves chat
            invalid base64 image        | {"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image","media_type":"image/png","data":"not*base64!"}]}]} | 400 | invalid_request | not valid base64
            unsupported image type      | {"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image","media_type":"image/bmp","data":"AAAA"}]}]} | 400 | invalid_request | image/bmp
            image to a text-only model  | {"model":"llama3-8b","messages":[{"role":"user","content":[{"type":"image","media_type":"image/png","data":"AAAA"}]}]} | 422 | unsupported_by_model | does not accept images
            """)
    void refusesWithProblemDetails(String name, String body, int status, String code, String detail) throws Exception {
        Answer answer = post("/v1/generate", body);

        assertProblem(answer, status, code, detail);
    }

    @Test
    void refusesABodyOverTheLimit() throws Exception {
        String prompt = "x".repeat(300 * 1024);
        Answer answer = post("/v1/generate", "{\"prompt\":\"" + prompt + "\"}");

        assertProblem(answer, 413, "payload_too_large", "limit");
    }

    @Test
    void refusesAnEmptyBody() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody()).build());

        assertProblem(answer, 400, "invalid_request", "body is empty");
    }

    @Test
    void asksForJsonWhenTheBodyIsSentAsAForm() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Hi\"}")).build());

        assertProblem(answer, 415, "unsupported_media_type", "Content-Type: application/json");
    }

    @Test
    void refusesAPromptLongerThanTheContextWindow() throws Exception {
        String prompt = "word ".repeat(40_000);
        Answer answer = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"" + prompt + "\"}");

        assertProblem(answer, 422, "context_length_exceeded", "context window of model llama3-8b");
    }

    @Test
    void answersUnknownPathsWithProblemDetails() throws Exception {
        // Under /v1 an unknown path answers in OpenAI's shape (ResponsesApiTest); the native paths keep theirs.
        assertProblem(get("/nothing-here"), 404, "not_found", "No such endpoint");
        assertProblem(get("/v1/generate/nothing-here"), 404, "not_found", "No such endpoint");
        Answer wrongMethod = get("/v1/generate");
        assertProblem(wrongMethod, 405, "method_not_allowed", "Method GET is not allowed here; allowed: POST");
        assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    }

    @Test
    void reportsWhichModelRejectedAnUpstreamValidationError() throws Exception {
        Answer answer = post("/v1/generate",
                "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\",\"provider_options\":{\"not_a_llama_field\":1}}");

        assertProblem(answer, 400, "upstream_validation", "meta.llama3-8b-instruct-v1:0 rejected the request");
        assertThat(answer.json().get("detail").asString()).contains("not_a_llama_field");
    }

    private static void assertProblem(Answer answer, int status, String code, String detail) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).endsWith(code);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(detail);
        assertThat(problem.get("request_id").asString()).isEqualTo(answer.header("X-Request-Id"));
        assertThat(answer.body()).doesNotContain("Exception", "\tat ");
    }
}
