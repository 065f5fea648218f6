package dev.bedrockgateway.emulator;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import tools.jackson.databind.JsonNode;

/** The real AWS SDK client pointed at an emulator, the way the gateway builds it for a plain-http endpoint. */
final class SdkClients {

    private SdkClients() {
    }

    static BedrockRuntimeAsyncClient client(URI endpoint, Protocol protocol) {
        return BedrockRuntimeAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(protocol))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    static BedrockRuntimeAsyncClient client(URI endpoint) {
        return client(endpoint, Protocol.HTTP1_1);
    }

    static InvokeModelResponse invoke(BedrockRuntimeAsyncClient client, String modelId, String json) {
        return client.invokeModel(invokeRequest(modelId, json)).join();
    }

    static InvokeModelRequest invokeRequest(String modelId, String json) {
        return InvokeModelRequest.builder()
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(json))
                .build();
    }

    static InvokeModelWithResponseStreamRequest streamRequest(String modelId, String json) {
        return InvokeModelWithResponseStreamRequest.builder()
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromUtf8String(json))
                .build();
    }

    /**
     * What the real SDK decoded from an InvokeModelWithResponseStream call.
     *
     * @param response the response the SDK read from the headers
     * @param chunks   each chunk's bytes, as JSON, in order
     * @param done     completes when the stream ends (exceptionally when it failed)
     */
    record InvokeStream(CompletableFuture<InvokeModelWithResponseStreamResponse> response, List<JsonNode> chunks,
                        CompletableFuture<Void> done) {
    }

    /** Starts an InvokeModelWithResponseStream call; chunks arrive in the returned list as the SDK decodes them. */
    static InvokeStream startInvokeStream(BedrockRuntimeAsyncClient client, String modelId, String json) {
        List<JsonNode> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<InvokeModelWithResponseStreamResponse> response = new CompletableFuture<>();
        CompletableFuture<Void> done = client.invokeModelWithResponseStream(streamRequest(modelId, json),
                InvokeModelWithResponseStreamResponseHandler.builder()
                        .onResponse(response::complete)
                        .subscriber(event -> chunks.add(EmulatorJson.MAPPER.readTree(((PayloadPart) event).bytes().asUtf8String())))
                        .build());
        return new InvokeStream(response, chunks, done);
    }

    /** Streams to the end and returns what the SDK decoded. */
    static InvokeStream invokeStream(BedrockRuntimeAsyncClient client, String modelId, String json) {
        InvokeStream stream = startInvokeStream(client, modelId, json);
        stream.done().join();
        return stream;
    }

    /** Runs a ConverseStream call to the end and returns the events the SDK decoded. */
    static List<ConverseStreamOutput> converseStream(BedrockRuntimeAsyncClient client, ConverseStreamRequest request) {
        List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
        client.converseStream(request, ConverseStreamResponseHandler.builder().subscriber(events::add).build()).join();
        return events;
    }

    /** The Bedrock exception a call failed with. */
    static BedrockRuntimeException failure(CompletableFuture<?> call) {
        try {
            call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BedrockRuntimeException bedrock) {
                return bedrock;
            }
            throw new AssertionError("expected a Bedrock exception, got " + e.getCause(), e.getCause());
        }
        throw new AssertionError("expected the call to fail, but it succeeded");
    }

    static String header(InvokeModelResponse response, String name) {
        return response.sdkHttpResponse().firstMatchingHeader(name).orElse(null);
    }
}
