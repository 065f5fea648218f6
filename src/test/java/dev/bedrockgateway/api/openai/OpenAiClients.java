package dev.bedrockgateway.api.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

/** The official openai-java client as a user points it at the gateway: only the base URL changed. */
final class OpenAiClients {

    private OpenAiClients() {
    }

    static OpenAIClient toGateway(int port) {
        // No SDK retries: a 429 must reach the test at once instead of after the client's back-off.
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("test")
                .maxRetries(0).build();
    }
}
