package dev.bedrockgateway.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.bedrockgateway.GatewayHttpTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A gateway test with the official openai-java client pointed at it as a user would: only the base URL changed. */
abstract class OpenAiClientTest extends GatewayHttpTest {

    protected OpenAIClient client;

    @BeforeEach
    void connect() {
        // No SDK retries: a 429 must reach the test at once instead of after the client's back-off.
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1").apiKey("test")
                .maxRetries(0).build();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }
}
