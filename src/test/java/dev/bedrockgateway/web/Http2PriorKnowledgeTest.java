package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ServedRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.WireProtocol;
import dev.bedrockgateway.telemetry.AccessLogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/2 with prior knowledge (the HTTP/2 preface on a new connection, as Envoy sidecars and gRPC-style callers send
 * it): what the gateway hangs on its pipeline holds for a request on an HTTP/2 stream as for HTTP/1.1.
 */
class Http2PriorKnowledgeTest extends GatewayHttpTest {

    private static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(20);

    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    private final AtomicReference<String> answeredOver = new AtomicReference<>();

    @Test
    void answersAWholeCallWithTheGatewayHeadersAndOneAccessLogLine() {
        ResponseEntity<String> answer = client().post().uri("/v1/generate")
                .contentType(MediaType.APPLICATION_JSON)
                .header(RequestContext.REQUEST_ID_HEADER, "h2-caller-1")
                .bodyValue("{\"model\":\"llama3-8b\",\"prompt\":\"Hello over h2\"}")
                .retrieve().toEntity(String.class).block(ANSWER_TIME_LIMIT);

        assertThat(answeredOver.get()).isEqualTo("HTTP/2.0");
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getHeaders().getFirst(RequestContext.REQUEST_ID_HEADER)).isEqualTo("h2-caller-1");
        assertThat(answer.getHeaders().getFirst(ServedRequest.MODEL_HEADER)).isEqualTo("llama3-8b");
        assertThat(JSON.readTree(answer.getBody()).at("/output/text").asString()).contains("Hello over h2");
        assertThat(accessLog.lines()).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).contains("h2-caller-1");
            // the call was answered whole on the client pinned to the loop of the stream's connection
            assertThat(line.getThreadName()).startsWith("gateway-io-");
        });
    }

    @Test
    void refusesABodyOverTheLimitWithItsLength() {
        String body = "{\"prompt\":\"" + "x".repeat(300 * 1024) + "\"}";

        JsonNode problem = refusal(client().post().uri("/v1/generate").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body));

        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("code").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void refusesABodyOverTheLimitSentWithoutALength() {
        // in DATA frames with no content-length header: the limit holds while the body is read
        Flux<DataBuffer> body = Flux.range(0, 300).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                (i == 0 ? "{\"prompt\":\"" : "").concat("x".repeat(1024)).getBytes(StandardCharsets.UTF_8)));

        JsonNode problem = refusal(client().post().uri("/v1/generate").contentType(MediaType.APPLICATION_JSON)
                .body(body, DataBuffer.class));

        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("code").asString()).isEqualTo("payload_too_large");
    }

    private JsonNode refusal(WebClient.RequestHeadersSpec<?> request) {
        ResponseEntity<String> answer = request.exchangeToMono(response -> response.toEntity(String.class))
                .block(ANSWER_TIME_LIMIT);
        assertThat(answeredOver.get()).isEqualTo("HTTP/2.0");
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        return JSON.readTree(answer.getBody());
    }

    private WebClient client() {
        return WireProtocol.H2C.webClient(gateway("").toString(), answeredOver::set);
    }
}
