package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.EachProtocolHttpTest;
import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAI-compatible API over raw HTTP (HTTP/1.1 and h2c): answer headers and extras, refusals, and OpenAI's error
 * shape.
 */
class OpenAiWireTest extends EachProtocolHttpTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String IMAGES = "/v1/images/generations";

    @Autowired
    MeterRegistry meters;

    @Test
    void answersWithTheGatewayHeadersAndDetails() throws Exception {
        double before = openAiRequests();

        Answer answer = post(CHAT, """
                {"model":"route:chat","messages":[{"role":"developer","content":"Be brief."},
                  {"role":"user","content":[{"type":"text","text":"Hello there"}]}],
                 "max_tokens":100,"stop":"\\n\\n","seed":7,"user":"u-42","n":1,"frequency_penalty":0,
                 "logprobs":false,"store":false,"response_format":{"type":"text"}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        assertThat(answer.header("X-Gateway-Model")).isEqualTo("claude-3-sonnet");
        assertThat(answer.header("X-Gateway-Route")).isEqualTo("chat");
        assertThat(answer.header("X-Gateway-Overhead-Ms")).isNotBlank();
        JsonNode json = answer.json();
        assertThat(json.get("object").asString()).isEqualTo("chat.completion");
        assertThat(json.get("model").asString()).isEqualTo("claude-3-sonnet");
        assertThat(json.at("/choices/0/message/role").asString()).isEqualTo("assistant");
        assertThat(json.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
        assertThat(json.at("/x_gateway/bedrock_model").asString()).isEqualTo("anthropic.claude-3-sonnet-20240229-v1:0");
        assertThat(json.at("/x_gateway/provider").asString()).isEqualTo("anthropic");
        assertThat(json.at("/x_gateway/cost_usd").decimalValue()).isPositive();
        assertThat(json.at("/x_gateway/route/attempts/0/outcome").asString()).isEqualTo("ok");
        assertThat(openAiRequests()).isEqualTo(before + 1);
    }

    @Test
    void reportsLengthWhenMaxTokensCutsTheAnswer() throws Exception {
        Answer answer = post(CHAT, """
                {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":3}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().at("/choices/0/finish_reason").asString()).isEqualTo("length");
        assertThat(answer.json().at("/usage/completion_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void ignoresPromptCachingAndAnAbsentModeration() throws Exception {
        // fields openai-node 6 sends; none changes the answer, and Bedrock has nothing to map them to
        Answer answer = post(CHAT, """
                {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"prompt_cache_key":"user-42",
                 "prompt_cache_retention":"24h","prompt_cache_options":{"ttl":"30m"},"moderation":null}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void passesTheSeedToCohere() throws Exception {
        Answer answer = post(CHAT, """
                {"model":"command-r","messages":[{"role":"user","content":"Hi"}],"seed":12345}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field         | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_token":5}         | Unknown field 'max_token'
            no messages           | {"model":"llama3-8b"}                                                                    | messages is required
            no model              | {"messages":[{"role":"user","content":"Hi"}]}                                            | model is required
            stream_options alone  | {"model":"llama3-8b","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}         | stream_options is only allowed with stream: true
            tools                 | {"model":"llama3-8b","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"Hi"}]} | Model llama3-8b does not support tool calls
            tool role             | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"},{"role":"tool","tool_call_id":"c1","content":"42"}]} | answers no tool call
            several choices       | {"model":"llama3-8b","n":2,"messages":[{"role":"user","content":"Hi"}]}                 | n must be 1
            disagreeing limits    | {"model":"llama3-8b","max_tokens":10,"max_completion_tokens":20,"messages":[{"role":"user","content":"Hi"}]} | disagree
            temperature above one | {"model":"llama3-8b","temperature":1.2,"messages":[{"role":"user","content":"Hi"}]}     | Bedrock's models take 0 to 1
            temperature above two | {"model":"llama3-8b","temperature":2.5,"messages":[{"role":"user","content":"Hi"}]}     | temperature must be between 0 and 1
            penalty               | {"model":"llama3-8b","presence_penalty":0.5,"messages":[{"role":"user","content":"Hi"}]} | presence_penalty is not supported
            moderation            | {"model":"llama3-8b","moderation":{"model":"omni-moderation-latest"},"messages":[{"role":"user","content":"Hi"}]} | moderation is not supported
            json mode no tools    | {"model":"llama3-8b","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Hi"}]} | Model llama3-8b cannot give structured outputs
            remote image          | {"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]} | the gateway fetches nothing
            bad data url base64   | {"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,@@@"}}]}]} | is not valid base64
            image media type      | {"model":"claude-3-haiku","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/bmp;base64,AAAA"}}]}]} | is not one of: image/gif
            malformed json        | {"model":                                                                                | Malformed JSON
            """)
    void refusesWithOpenAisErrorShape(String name, String body, String message) throws Exception {
        Answer answer = post(CHAT, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertOpenAiError(answer, "invalid_request_error", "invalid_request", message);
    }

    /**
     * A body that is JSON but not an object: {@code null} used to answer an empty 200 on chat completions and
     * embeddings and a 500 with a NullPointerException in the log on image generations.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /v1/chat/completions   | null  | got null
            /v1/chat/completions   | []    | got a list
            /v1/chat/completions   | "x"   | got a string
            /v1/chat/completions   | 1     | got a number
            /v1/chat/completions   | true  | got true
            /v1/chat/completions   | ``    | body is empty
            /v1/embeddings         | null  | got null
            /v1/embeddings         | []    | got a list
            /v1/embeddings         | "x"   | got a string
            /v1/embeddings         | 1     | got a number
            /v1/embeddings         | true  | got true
            /v1/embeddings         | ``    | body is empty
            /v1/images/generations | null  | got null
            /v1/images/generations | []    | got a list
            /v1/images/generations | "x"   | got a string
            /v1/images/generations | -1    | got a number
            /v1/images/generations | false | got false
            /v1/images/generations | ``    | body is empty
            """)
    void refusesABodyThatIsNotAJsonObject(String path, String body, String message) throws Exception {
        Answer answer = post(path, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertOpenAiError(answer, "invalid_request_error", "invalid_request", message);
    }

    /**
     * param names the field at fault as the caller wrote it, as OpenAI's own errors do: e.g. "Invalid type for
     * 'max_tokens': ..." with "param": "max_tokens", quoted at
     * https://community.openai.com/t/inconsistent-handling-of-max-tokens-parameter-in-chat-completions-api/962030
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            int out of range       | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_tokens":99999999999999} | max_tokens | Field 'max_tokens' is out of range: it must be an integer from -2147483648 to 2147483647
            wrong type             | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_tokens":"5"} | max_tokens | Field 'max_tokens' must be an integer, got a string
            wrong nested type      | {"model":"llama3-8b","messages":[{"role":"user","content":5}]} | messages[0].content | messages[0].content must be a string or a list of parts, got an integer
            messages not a list    | {"model":"llama3-8b","messages":"Hi"} | messages | Field 'messages' must be a list, got a string
            unknown field          | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_token":5} | max_token | Unknown field 'max_token'
            no messages            | {"model":"llama3-8b"} | messages | messages is required
            no model               | {"messages":[{"role":"user","content":"Hi"}]} | model | model is required
            empty content          | {"model":"llama3-8b","messages":[{"role":"user","content":""}]} | messages[0].content | messages[0].content is empty
            unknown part field     | {"model":"llama3-8b","messages":[{"role":"user","content":[{"type":"text","text":"Hi","x":1}]}]} | messages[0].content[0].x | has an unknown field 'x'
            starts with assistant  | {"model":"llama3-8b","messages":[{"role":"assistant","content":"Hi"}]} | messages | must start with a user message
            max_tokens zero        | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_tokens":0} | max_tokens | max_tokens must be greater than 0
            max_tokens over model  | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_tokens":5000} | max_tokens | max_tokens 5000 is above the limit of model llama3-8b (2048)
            max_completion_tokens over model | {"model":"llama3-8b","messages":[{"role":"user","content":"Hi"}],"max_completion_tokens":5000} | max_completion_tokens | max_completion_tokens 5000 is above the limit of model llama3-8b (2048)
            temperature            | {"model":"llama3-8b","temperature":2.5,"messages":[{"role":"user","content":"Hi"}]} | temperature | temperature must be between 0 and 1
            several choices        | {"model":"llama3-8b","n":2,"messages":[{"role":"user","content":"Hi"}]} | n | n must be 1
            penalty                | {"model":"llama3-8b","presence_penalty":0.5,"messages":[{"role":"user","content":"Hi"}]} | presence_penalty | presence_penalty is not supported
            stream_options alone   | {"model":"llama3-8b","stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]} | stream_options | stream_options is only allowed
            """)
    void namesTheOffendingFieldInParam(String name, String body, String param, String message) throws Exception {
        Answer answer = post(CHAT, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertOpenAiError(answer, "invalid_request_error", "invalid_request", message);
        assertThat(answer.json().at("/error/param").asString()).isEqualTo(param);
        assertThat(answer.json().at("/error/message").asString()).doesNotContain("parameters.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            embeddings input type  | /v1/embeddings         | {"model":"titan-embed-text-v2","input":[1.5]}          | input[0]
            embeddings dimensions  | /v1/embeddings         | {"model":"titan-embed-text-v2","input":"x","dimensions":1.5} | dimensions
            images size            | /v1/images/generations | {"prompt":"a kite","size":"big"}                       | size
            images count           | /v1/images/generations | {"prompt":"a kite","n":0}                              | n
            """)
    void namesTheOffendingFieldOnTheOtherEndpoints(String name, String path, String body, String param)
            throws Exception {
        Answer answer = post(path, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().at("/error/param").asString()).isEqualTo(param);
    }

    /**
     * OpenAI answers a prompt that does not fit with a 400 (its SDKs raise BadRequestError), param messages and code
     * context_length_exceeded, as quoted at https://github.com/mckaywrigley/chatbot-ui/issues/102 and
     * https://github.com/crewAIInc/crewAI-examples/issues/121; the native API keeps its 422.
     */
    @ParameterizedTest
    @ValueSource(strings = {"max_tokens", "max_completion_tokens"})
    void answersAPromptOverTheContextWindowWith400(String maxTokensField) throws Exception {
        String prompt = "word ".repeat(40_000);
        Answer answer = post(CHAT, "{\"model\":\"llama3-8b\",\"" + maxTokensField + "\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertOpenAiError(answer, "invalid_request_error", "context_length_exceeded", "context window of model llama3-8b");
        assertThat(answer.json().at("/error/param").asString()).isEqualTo("messages");
        assertThat(answer.json().at("/error/message").asString()).contains(maxTokensField + " (100)");
    }

    @Test
    void answers404InOpenAiShapeForAnUnknownModel() throws Exception {
        Answer answer = post(CHAT, "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(answer.status()).isEqualTo(404);
        assertOpenAiError(answer, "invalid_request_error", "model_not_found", "gpt-4o");
    }

    @Test
    void answers404InOpenAiShapeForAnUnknownModelId() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway("/v1/models/gpt-4o")).GET().build());

        assertThat(answer.status()).isEqualTo(404);
        assertOpenAiError(answer, "invalid_request_error", "model_not_found", "gpt-4o");
    }

    @Test
    void answers405WithTheMethodsAllowed() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway(CHAT)).GET().build());

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).contains("POST");
        assertOpenAiError(answer, "invalid_request_error", "method_not_allowed",
                "Method GET is not allowed here; allowed: POST");
    }

    @Test
    void answers429InOpenAiShapeWithRetryAfter() throws Exception {
        fault("meta.llama3-8b-instruct-v1:0", "throttling", 1.0);

        Answer answer = post(CHAT, "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isNotBlank();
        assertThat(answer.header("X-Gateway-Route")).isEqualTo("direct");
        assertOpenAiError(answer, "rate_limit_error", "throttled", "meta.llama3-8b-instruct-v1:0");
    }

    @Test
    void answers415InOpenAiShapeForAFormBody() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway(CHAT))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("model=llama3-8b")).build());

        assertThat(answer.status()).isEqualTo(415);
        assertOpenAiError(answer, "invalid_request_error", "unsupported_media_type", "Content-Type: application/json");
    }

    @Test
    void keepsProblemJsonOnTheNativeApi() throws Exception {
        Answer answer = post("/v1/generate", "{\"model\":\"gpt-4o\",\"prompt\":\"Hi\"}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().has("error")).isFalse();
    }

    @Test
    void generatesAnImageFromTheDefaultRoute() throws Exception {
        Answer answer = post(IMAGES, "{\"prompt\":\"a red kite\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("created").asLong()).isPositive();
        assertThat(json.get("data")).hasSize(1);
        assertThat(Base64.getDecoder().decode(json.at("/data/0/b64_json").asString())).startsWith(0x89, 'P', 'N', 'G');
        assertThat(json.at("/data/0/seed").isNumber()).isTrue();
        assertThat(json.at("/x_gateway/cost_usd").decimalValue()).isEqualByComparingTo("0.04");
        assertThat(answer.header("X-Gateway-Model")).isEqualTo("sdxl");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            url format      | {"prompt":"a kite","response_format":"url"}         | b64_json only
            size not sdxl   | {"prompt":"a kite","size":"512x512"}                | 1024x1024, 1152x896
            size malformed  | {"prompt":"a kite","size":"big"}                    | must be WIDTHxHEIGHT
            no prompt       | {"model":"sdxl"}                                    | prompt is required
            hd quality      | {"prompt":"a kite","quality":"hd"}                  | quality 'hd' is not supported
            chat model      | {"prompt":"a kite","model":"llama3-8b"}             | serves chat requests
            no images       | {"prompt":"a kite","n":0}                           | n must be greater than 0
            """)
    void refusesImageRequestsWithOpenAisErrorShape(String name, String body, String message) throws Exception {
        Answer answer = post(IMAGES, body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asString()).contains(message);
        assertThat(answer.json().at("/error/type").asString()).isEqualTo("invalid_request_error");
    }

    private static void assertOpenAiError(Answer answer, String type, String code, String message) {
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        JsonNode error = answer.json().get("error");
        assertThat(error).as(answer.body()).isNotNull();
        assertThat(error.get("message").asString()).contains(message);
        assertThat(error.get("type").asString()).isEqualTo(type);
        assertThat(error.has("param")).isTrue();
        assertThat(error.get("code").asString()).isEqualTo(code);
    }

    private double openAiRequests() {
        return meters.find(MeterNames.REQUESTS).tag("api", "openai").tag("outcome", "ok").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    @Test
    void streamsChunksEndingInDone() throws Exception {
        Answer answer = post("/v1/chat/completions",
                "{\"model\":\"llama3-8b\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
        List<String> data = answer.body().lines().filter(line -> line.startsWith("data:")).toList();
        assertThat(data.get(0)).contains("\"object\":\"chat.completion.chunk\"", "\"role\":\"assistant\"");
        assertThat(data.get(data.size() - 2)).contains("\"finish_reason\":\"stop\"");
        assertThat(data.get(data.size() - 1)).isEqualTo("data:[DONE]");
        assertThat(answer.body()).doesNotContain("\"usage\"");
    }
}
