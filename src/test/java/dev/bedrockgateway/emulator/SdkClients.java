package dev.bedrockgateway.emulator;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

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
