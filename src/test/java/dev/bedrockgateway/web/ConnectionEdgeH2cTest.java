package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.web.RawHttpConnection.RawAnswer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With h2c on, the HTTP/1.1 codec is added under a name of Netty's choosing: the connection edge still guards HTTP/1.1
 * connections, and leaves a connection that turns to HTTP/2 alone (its deadlines would otherwise write an HTTP/1.1
 * 408 into the HTTP/2 connection).
 */
@TestPropertySource(properties = {
        "server.http2.enabled=true",
        "server.netty.idle-timeout=1500ms",
        "gateway.server.header-timeout=500ms",
        "gateway.server.body-timeout=500ms"
})
class ConnectionEdgeH2cTest extends GatewayHttpTest {

    private static final String STREAMED_MODEL = "meta.llama3-8b-instruct-v1:0";

    @Test
    void refusesAnHttp11RequestWithoutHost() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("GET /v1/models HTTP/1.1\r\n\r\n").readAnswer();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void answersAnUnfinishedHttp11HeadWith408() throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port)) {
            RawAnswer answer = connection.send("GET /v1/models HTTP/1.1\r\nHost: gateway\r\n").readAnswer();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(connection.closedByGateway()).isTrue();
        }
    }

    @Test
    void aStreamOnAConnectionUpgradedToHttp2OutlivesTheHttp11Deadlines() throws Exception {
        EmulatorPacing.tokensPerSecond(emulator.endpoint(), STREAMED_MODEL, 5);
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // The upgrade itself on a GET: an upgrade request with a body is refused unless server.netty.h2c-max-content-length
        // allows it.
        HttpResponse<String> models = http2.send(HttpRequest.newBuilder(gateway("/v1/models"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> stream = http2.send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Tell me a story\","
                        + "\"stream\":true,\"parameters\":{\"max_tokens\":15}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(models.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(stream.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(stream.statusCode()).isEqualTo(200);
        // About 3 s at 5 tokens a second, on the connection upgraded first: six header time-outs.
        assertThat(stream.body()).contains("event:end");
    }
}
