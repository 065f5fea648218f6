package dev.bedrockgateway.provider.converse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.core.ToolResult;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.DocumentedBody;
import dev.bedrockgateway.provider.NativeJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import tools.jackson.databind.JsonNode;

/**
 * The Converse adapter against AWS's description of the Converse body, as the real AWS SDK puts it on the wire: the
 * adapter builds the SDK's request, the SDK sends it to a loopback server that keeps the bytes and answers with the
 * documented response, and the SDK reads that answer back for the adapter. So the test sees what Bedrock would see
 * and reads what Bedrock documents, with no network.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html: {@code POST
 * /model/{modelId}/converse} with body {@code {"messages": [{"role": "user" | "assistant", "content": [{"text"} |
 * {"image"} | {"toolUse": {"toolUseId", "name", "input"}} | {"toolResult": {"toolUseId", "content": [{"text"} |
 * {"json"}], "status"}}]}], "system": [{"text"}], "inferenceConfig": {"maxTokens": int, "temperature": float, "topP":
 * float, "stopSequences": [string]}, "toolConfig", "additionalModelRequestFields", ...}}, answered by {@code {"output":
 * {"message": {"role", "content"}}, "stopReason": "end_turn" | "tool_use" | "max_tokens" | "stop_sequence" | ...,
 * "usage": {"inputTokens", "outputTokens", "totalTokens"}, "metrics": {"latencyMs"}}} (inferenceConfig's types from
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html: maxTokens Integer,
 * temperature and topP Float, stopSequences array of strings; the answer's shape as
 * https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema-response.html spells it out); and from
 * https://docs.aws.amazon.com/bedrock/latest/userguide/tool-use-inference-call.html: the top_song tool
 * {@code {"tools": [{"toolSpec": {"name": "top_song", "description": "Get the most popular song played on a radio
 * station.", "inputSchema": {"json": {...}}}}]}}, the user message "What is the most popular song on WZPZ?", a forced
 * tool as {@code "toolChoice": {"tool": {"name": "top_song"}}}, the model's answer as a toolUse block with
 * {@code "stopReason": "tool_use"}, and the tool's result sent back as a toolResult block in a user message.
 */
class ConverseFidelityTest {

    private static final ModelSpec CLAUDE = new ModelSpec("claude-3-haiku", "anthropic.claude-3-haiku-20240307-v1:0",
            ModelFamily.CONVERSE, "anthropic", Task.CHAT, true, 200000, 4096, Price.FREE);

    private static final Map<String, Object> TOP_SONG_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("sign", Map.of("type", "string", "description",
                    "The call sign for the radio station for which you want the most popular song. Example calls signs"
                            + " are WZPZ and WKRP.")),
            "required", List.of("sign"));

    private static final ToolDefinition TOP_SONG = new ToolDefinition("top_song",
            "Get the most popular song played on a radio station.", TOP_SONG_SCHEMA);

    private static final String DOCUMENTED_TOOL_CONFIG = """
            {"tools": [{"toolSpec": {"name": "top_song",
              "description": "Get the most popular song played on a radio station.",
              "inputSchema": {"json": {"type": "object", "properties": {"sign": {"type": "string",
                "description": "The call sign for the radio station for which you want the most popular song. \
            Example calls signs are WZPZ and WKRP."}}, "required": ["sign"]}}}}]""";

    private static final String DOCUMENTED_TEXT_ANSWER = """
            {"output": {"message": {"role": "assistant", "content": [{"text": "It shows a program runs."}]}},
             "stopReason": "end_turn", "usage": {"inputTokens": 25, "outputTokens": 7, "totalTokens": 32},
             "metrics": {"latencyMs": 412}}""";

    private static final String DOCUMENTED_TOOL_ANSWER = """
            {"output": {"message": {"role": "assistant", "content": [{"toolUse": {
               "toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "name": "top_song", "input": {"sign": "WZPZ"}}}]}},
             "stopReason": "tool_use", "usage": {"inputTokens": 375, "outputTokens": 52, "totalTokens": 427},
             "metrics": {"latencyMs": 1040}}""";

    private static HttpServer bedrock;
    private static BedrockRuntimeAsyncClient client;
    private static final AtomicReference<String> answer = new AtomicReference<>();
    private static final AtomicReference<String> sentPath = new AtomicReference<>();
    private static final AtomicReference<byte[]> sentBody = new AtomicReference<>();

    private final ConverseAdapter adapter = new ConverseAdapter();

    @BeforeAll
    static void startLoopbackBedrock() throws IOException {
        bedrock = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bedrock.createContext("/", exchange -> {
            sentPath.set(exchange.getRequestURI().getRawPath());
            sentBody.set(exchange.getRequestBody().readAllBytes());
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        bedrock.start();
        client = BedrockRuntimeAsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + bedrock.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopLoopbackBedrock() {
        client.close();
        bedrock.stop(0);
    }

    @Test
    void aTextRequestIsTheDocumentedBodyOnTheDocumentedPath() {
        GenerationRequest request = new GenerationRequest(Task.CHAT, "You are terse.",
                List.of(Message.user("Describe the purpose of a 'hello world' program in one line.")),
                new Parameters(512, 0.5, 0.9, null, List.of("User:")), null, null, null, null);

        GenerationResult result = call(request, DOCUMENTED_TEXT_ANSWER);

        assertThat(sentPath.get()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        DocumentedBody.assertMatches(sent(), """
                {"messages": [{"role": "user", "content": [
                   {"text": "Describe the purpose of a 'hello world' program in one line."}]}],
                 "system": [{"text": "You are terse."}],
                 "inferenceConfig": {"maxTokens": 512, "temperature": 0.5, "topP": 0.9, "stopSequences": ["User:"]}}""");
        assertThat(result.text()).isEqualTo("It shows a program runs.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(25, 7));
    }

    @Test
    void theToolUsePagesRequestAndAnswerRoundTrip() {
        GenerationRequest request = toolRequest(ToolChoice.AUTO,
                Message.user("What is the most popular song on WZPZ?"));

        GenerationResult result = call(request, DOCUMENTED_TOOL_ANSWER);

        DocumentedBody.assertMatches(sent(), """
                {"messages": [{"role": "user", "content": [{"text": "What is the most popular song on WZPZ?"}]}],
                 "inferenceConfig": {"maxTokens": 4096},
                 "toolConfig": %s}}""".formatted(DOCUMENTED_TOOL_CONFIG));
        assertThat(result.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(result.toolCalls()).hasSize(1);
        ToolCall call = result.toolCalls().get(0);
        assertThat(call.id()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(call.name()).isEqualTo("top_song");
        assertThat(NativeJson.MAPPER.readTree(call.arguments())).isEqualTo(NativeJson.MAPPER.readTree("{\"sign\":\"WZPZ\"}"));
        assertThat(result.usage()).isEqualTo(new Usage(375, 52));
    }

    @Test
    void aForcedToolIsTheDocumentedToolChoice() {
        GenerationRequest request = toolRequest(ToolChoice.tool("top_song"),
                Message.user("What is the most popular song on WZPZ?"));

        call(request, DOCUMENTED_TOOL_ANSWER);

        DocumentedBody.assertMatches(sent(), """
                {"messages": [{"role": "user", "content": [{"text": "What is the most popular song on WZPZ?"}]}],
                 "inferenceConfig": {"maxTokens": 4096},
                 "toolConfig": %s, "toolChoice": {"tool": {"name": "top_song"}}}}"""
                .formatted(DOCUMENTED_TOOL_CONFIG));
    }

    @Test
    void theToolsResultGoesBackAsTheDocumentedToolResultBlock() {
        GenerationRequest request = toolRequest(ToolChoice.AUTO,
                Message.user("What is the most popular song on WZPZ?"),
                new Message(Role.ASSISTANT, List.of(Part.toolCall(
                        new ToolCall("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "top_song", "{\"sign\":\"WZPZ\"}")))),
                new Message(Role.USER, List.of(Part.toolResult(
                        new ToolResult("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "Elemental Hotel by 8 Storey Hike")))));

        call(request, DOCUMENTED_TEXT_ANSWER);

        DocumentedBody.assertMatches(sent(), """
                {"messages": [
                   {"role": "user", "content": [{"text": "What is the most popular song on WZPZ?"}]},
                   {"role": "assistant", "content": [{"toolUse": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
                      "name": "top_song", "input": {"sign": "WZPZ"}}}]},
                   {"role": "user", "content": [{"toolResult": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q",
                      "content": [{"text": "Elemental Hotel by 8 Storey Hike"}]}}]}],
                 "inferenceConfig": {"maxTokens": 4096},
                 "toolConfig": %s}}""".formatted(DOCUMENTED_TOOL_CONFIG));
    }

    private GenerationResult call(GenerationRequest request, String documentedAnswer) {
        answer.set(documentedAnswer);
        return adapter.fromConverseResponse(client.converse(adapter.toConverseRequest(request, CLAUDE)).join());
    }

    private static JsonNode sent() {
        return NativeJson.MAPPER.readTree(sentBody.get());
    }

    private static GenerationRequest toolRequest(ToolChoice choice, Message... messages) {
        return new GenerationRequest(Task.CHAT, null, List.of(messages), Parameters.DEFAULTS, null, null, null, null,
                null, List.of(TOP_SONG), choice);
    }
}
