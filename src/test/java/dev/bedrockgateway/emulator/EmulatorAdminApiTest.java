package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import tools.jackson.databind.JsonNode;

/** The admin HTTP API and the raw HTTP behaviour (paths, unknown operations, streaming) seen with a plain HTTP client. */
class EmulatorAdminApiTest {

    static BedrockEmulator emulator;
    static BedrockRuntimeAsyncClient sdk;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        emulator = new BedrockEmulator(EmulatorSettings.defaults()).start();
        sdk = SdkClients.client(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        sdk.close();
        emulator.stop();
    }

    @BeforeEach
    void reset() {
        emulator.clearFaults();
        emulator.resetCalls();
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return EmulatorJson.MAPPER.readTree(response.body());
    }

    @Test
    void reportsHealth() throws Exception {
        HttpResponse<String> response = send("GET", "/emulator/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("up");
    }

    @Test
    void putsAFaultThatTheSdkThenSees() throws Exception {
        String model = BedrockEmulatorSdkTest.LLAMA;
        HttpResponse<String> put = send("PUT", "/emulator/faults/meta.llama3-8b-instruct-v1%3A0",
                "{\"error\":\"throttling\",\"rate\":1.0,\"latency_ms\":0}");
        assertThat(put.statusCode()).isEqualTo(200);

        assertThat(failure(sdk.invokeModel(invokeRequest(model, "{\"prompt\":\"hi\"}")))).isInstanceOf(ThrottlingException.class);
        JsonNode faults = json(send("GET", "/emulator/faults", null)).get("faults");
        assertThat(faults.get(model).get("error").asString()).isEqualTo("throttling");
        assertThat(faults.get(model).get("rate").asDouble()).isEqualTo(1.0);

        assertThat(send("DELETE", "/emulator/faults/" + model, null).statusCode()).isEqualTo(204);
        assertThat(sdk.invokeModel(invokeRequest(model, "{\"prompt\":\"hi\"}")).join().body().asUtf8String()).contains("generation");
    }

    @Test
    void clearsAllFaults() throws Exception {
        send("PUT", "/emulator/faults/*", "{\"error\":\"outage\"}");
        send("PUT", "/emulator/faults/cohere.command-r-v1:0", "{\"error\":\"internal\",\"rate\":0.25}");
        assertThat(emulator.faults()).hasSize(2);

        assertThat(send("DELETE", "/emulator/faults", null).statusCode()).isEqualTo(204);
        assertThat(emulator.faults()).isEmpty();
    }

    @Test
    void rejectsAnInvalidFaultPlan() throws Exception {
        HttpResponse<String> response = send("PUT", "/emulator/faults/*", "{\"error\":\"gremlins\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("message").asString()).contains("gremlins").contains("throttling");

        assertThat(send("PUT", "/emulator/faults/*", "{\"error\":\"throttling\",\"rate\":2}").statusCode()).isEqualTo(400);
        assertThat(emulator.faults()).isEmpty();
    }

    @Test
    void countsCallsPerModelAndResetsThem() throws Exception {
        sdk.invokeModel(invokeRequest(BedrockEmulatorSdkTest.LLAMA, "{\"prompt\":\"a\"}")).join();
        sdk.invokeModel(invokeRequest(BedrockEmulatorSdkTest.LLAMA, "{\"prompt\":\"b\"}")).join();
        sdk.invokeModel(invokeRequest(BedrockEmulatorSdkTest.MISTRAL, "{\"wrong\":1}")).handle((ok, error) -> null).join();

        JsonNode calls = json(send("GET", "/emulator/calls", null)).get("calls");
        assertThat(calls.get(BedrockEmulatorSdkTest.LLAMA).asLong()).isEqualTo(2);
        assertThat(calls.get(BedrockEmulatorSdkTest.MISTRAL).asLong()).isEqualTo(1);
        assertThat(json(send("GET", "/emulator/calls/" + BedrockEmulatorSdkTest.LLAMA, null)).get("calls").asLong()).isEqualTo(2);

        assertThat(send("DELETE", "/emulator/calls", null).statusCode()).isEqualTo(204);
        assertThat(emulator.calls()).isEmpty();
    }

    @Test
    void answersUnknownPathsWithUnknownOperationException() throws Exception {
        HttpResponse<String> response = send("GET", "/model/meta.llama3-8b-instruct-v1%3A0/invoke", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("UnknownOperationException");
        assertThat(json(response).get("message").asString()).isNotBlank();

        assertThat(send("POST", "/foundation-models", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void decodesEncodedArnsInThePath() throws Exception {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:foundation-model/" + BedrockEmulatorSdkTest.LLAMA;
        String encoded = arn.replace(":", "%3A").replace("/", "%2F");
        HttpResponse<String> response = send("POST", "/model/" + encoded + "/invoke", "{\"prompt\":\"hi\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(emulator.calls(arn)).isEqualTo(1);
    }

    @Test
    void streamsEventStreamFramesWithBedrocksHeaders() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/model/" + BedrockEmulatorSdkTest.LLAMA
                        + "/invoke-with-response-stream"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\"}")).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.amazon.eventstream");
        assertThat(response.headers().firstValue("X-Amzn-Bedrock-Content-Type")).contains("application/json");
        int firstFrameLength = java.nio.ByteBuffer.wrap(response.body()).getInt(0);
        assertThat(firstFrameLength).isBetween(EventStreamFrames.PRELUDE_LENGTH, response.body().length);
    }

    @Test
    void answersAnInvalidStreamingBodyWithAValidationException() throws Exception {
        for (String operation : new String[] {"invoke-with-response-stream", "converse-stream"}) {
            HttpResponse<String> response = send("POST", "/model/" + BedrockEmulatorSdkTest.LLAMA + "/" + operation, "{\"wrong\":1}");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ValidationException");
        }
    }

    @Test
    void putsStreamPacingAndAMidStreamFailure() throws Exception {
        HttpResponse<String> put = send("PUT", "/emulator/faults/*",
                "{\"error\":\"model_stream_error\",\"time_to_first_token_ms\":300,\"tokens_per_second\":20,\"fail_after_chunks\":4}");
        assertThat(put.statusCode()).isEqualTo(200);

        assertThat(emulator.faults().get("*")).isEqualTo(FaultPlan.of(FaultKind.MODEL_STREAM_ERROR)
                .withTimeToFirstToken(Duration.ofMillis(300)).withTokensPerSecond(20).withFailAfterChunks(4));
        JsonNode plan = json(send("GET", "/emulator/faults", null)).get("faults").get("*");
        assertThat(plan.get("time_to_first_token_ms").asLong()).isEqualTo(300);
        assertThat(plan.get("tokens_per_second").asDouble()).isEqualTo(20.0);
        assertThat(plan.get("fail_after_chunks").asInt()).isEqualTo(4);
    }

    @Test
    void rejectsAChunkCountWithoutAnErrorOrNegativePacing() throws Exception {
        assertThat(send("PUT", "/emulator/faults/*", "{\"fail_after_chunks\":2}").statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/emulator/faults/*", "{\"tokens_per_second\":-1}").statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/emulator/faults/*", "{\"time_to_first_token_ms\":1.5}").statusCode()).isEqualTo(400);
        assertThat(emulator.faults()).isEmpty();
    }

    @Test
    void reportsCancelledStreamsWithTheCalls() throws Exception {
        JsonNode answer = json(send("GET", "/emulator/calls", null));
        assertThat(answer.get("cancelled_streams").isObject()).isTrue();
        assertThat(json(send("GET", "/emulator/calls/" + BedrockEmulatorSdkTest.LLAMA, null)).get("cancelled_streams").asLong()).isZero();
    }
}
