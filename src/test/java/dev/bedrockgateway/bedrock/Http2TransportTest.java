package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The gateway's HTTP/2 client path, the one it takes towards real Bedrock, exercised against the emulator's
 * h2c listener (HTTP/2 without TLS; towards Bedrock the same client negotiates h2 by ALPN).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=emulator",
        "gateway.bedrock.protocol=http2"
})
class Http2TransportTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"llama3-8b", "claude-3-haiku", "titan-text-express"})
    void answersOverHttp2(String model) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/generate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"prompt\":\"via h2\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("via h2");
    }
}
