package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ServedRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.EachProtocolHttpTest;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * {@code "stream": true} over real HTTP (HTTP/1.1, and HTTP/2 with prior knowledge): server-sent events relayed from
 * the emulator's real event streams.
 */
@TestPropertySource(properties = {
        "gateway.resilience.models.llama3-70b.first-chunk-time-limit=300ms",
        "gateway.routes.slow-start.targets=llama3-70b,mistral-large"
})
class StreamingTest extends EachProtocolHttpTest {

    private static final String LLAMA_8B = "meta.llama3-8b-instruct-v1:0";
    private static final String LLAMA_70B = "meta.llama3-70b-instruct-v1:0";
    private static final Duration STREAM_TIME_LIMIT = Duration.ofSeconds(10);
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    /** One server-sent event with its data as JSON. */
    private record Event(String name, JsonNode data) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3-8b", "mistral-large", "command-r", "claude-3-haiku", "titan-text-express"})
    void streamsTheSameTextAsTheWholeAnswerWithUsageAtTheEnd(String alias) throws Exception {
        String body = "{\"model\":\"" + alias + "\",\"prompt\":\"Tell me about the sea in a few sentences\"";
        JsonNode whole = post("/v1/generate", body + "}").json();

        List<Event> events = stream(body + ",\"stream\":true}").collectList().block(STREAM_TIME_LIMIT);

        assertThat(events.get(0).name()).isEqualTo("start");
        assertThat(events.get(0).data().get("alias").asString()).isEqualTo(alias);
        assertThat(events.get(0).data().get("id").asString()).startsWith("gen_");
        List<Event> deltas = events.subList(1, events.size() - 1);
        assertThat(deltas).hasSizeGreaterThan(1).allMatch(event -> event.name().equals("delta"));
        assertThat(deltas.stream().map(event -> event.data().get("text").asString()).collect(Collectors.joining()))
                .isEqualTo(whole.at("/output/text").asString());
        Event end = events.get(events.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().get("usage")).isEqualTo(whole.get("usage"));
        assertThat(end.data().get("finish_reason")).isEqualTo(whole.get("finish_reason"));
        assertThat(end.data().get("cost_usd")).isEqualTo(whole.get("cost_usd"));
        assertThat(end.data().at("/route/attempts/0/outcome").asString()).isEqualTo("ok");
    }

    @ParameterizedTest
    @CsvSource({"llama3-8b, meta.llama3-8b-instruct-v1:0", "titan-text-express, amazon.titan-text-express-v1"})
    void endsWithAnErrorEventWhenTheModelFailsMidStreamAndTheBreakerCountsIt(String alias, String modelId)
            throws Exception {
        streamFault(modelId, "{\"error\":\"model_stream_error\",\"rate\":1.0,\"fail_after_chunks\":3}");

        List<Event> events = stream("{\"model\":\"" + alias + "\",\"prompt\":\"Tell me about the sea\",\"stream\":true}")
                .collectList().block(STREAM_TIME_LIMIT);

        assertThat(events.get(0).name()).isEqualTo("start");
        assertThat(events.subList(1, events.size() - 1)).isNotEmpty().allMatch(event -> event.name().equals("delta"));
        Event error = events.get(events.size() - 1);
        assertThat(error.name()).isEqualTo("error");
        assertThat(error.data().get("code").asString()).isEqualTo("upstream_error");
        assertThat(error.data().get("status").asInt()).isEqualTo(502);
        assertThat(error.data().get("request_id").asString()).isNotBlank();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                guards.forModel(alias).breaker().getMetrics().getNumberOfFailedCalls() == 1);
        assertThat(emulator.calls(modelId)).as("nothing is retried once text has reached the caller").isEqualTo(1);
    }

    @Test
    void fallsBackToTheNextCandidateWhenTheFirstChunkIsLate() throws Exception {
        streamFault(LLAMA_70B, "{\"time_to_first_token_ms\":5000}");

        List<Event> events = stream("{\"route\":\"slow-start\",\"prompt\":\"Tell me about the sea\",\"stream\":true}")
                .collectList().block(STREAM_TIME_LIMIT);

        assertThat(events.get(0).data().get("alias").asString()).isEqualTo("mistral-large");
        Event end = events.get(events.size() - 1);
        assertThat(end.name()).isEqualTo("end");
        assertThat(end.data().at("/route/attempts/0/model").asString()).isEqualTo("llama3-70b");
        assertThat(end.data().at("/route/attempts/0/outcome").asString()).isEqualTo("timeout");
        assertThat(end.data().at("/route/attempts/1/outcome").asString()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.cancelledStreams(LLAMA_70B) == 1);
    }

    @Test
    void cancelsTheUpstreamStreamWhenTheClientGoesAway() throws Exception {
        streamFault(LLAMA_8B, "{\"tokens_per_second\":5}");

        StepVerifier.create(stream("{\"model\":\"llama3-8b\",\"prompt\":\"Tell me about the sea\",\"stream\":true}"))
                .assertNext(event -> assertThat(event.name()).isEqualTo("start"))
                .assertNext(event -> assertThat(event.name()).isEqualTo("delta"))
                .thenCancel()
                .verify(STREAM_TIME_LIMIT);

        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.cancelledStreams(LLAMA_8B) == 1);
    }

    @Test
    void sendsTheGatewayHeadersWithTheFirstEventAndMeasuresTheStream() throws Exception {
        Answer answer = post("/v1/generate", "{\"model\":\"claude-3-haiku\",\"prompt\":\"Hi\",\"stream\":true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
        assertThat(answer.header(RequestContext.REQUEST_ID_HEADER)).isNotBlank();
        assertThat(answer.header("X-Gateway-Backend")).isEqualTo("emulator");
        assertThat(answer.header(ServedRequest.MODEL_HEADER)).isEqualTo("claude-3-haiku");
        assertThat(answer.body()).startsWith("event:start\n").contains("event:delta\n").contains("event:end\n");
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("gateway_time_to_first_token_seconds_count{model=\"claude-3-haiku\"")
                .contains("gateway_stream_duration_seconds_count{model=\"claude-3-haiku\",outcome=\"ok\"")
                .containsPattern("gateway_tokens_total\\{direction=\"output\",model=\"claude-3-haiku\"\\} [1-9]");
    }

    @Test
    void refusesBeforeTheFirstByteWithAnOrdinaryProblem() throws Exception {
        Answer answer = post("/v1/generate", "{\"model\":\"no-such-model\",\"prompt\":\"Hi\",\"stream\":true}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("model_not_found");
        assertThat(answer.json().get("request_id").asString()).isEqualTo(answer.header(RequestContext.REQUEST_ID_HEADER));
    }

    @Test
    void refusesToStreamAnImageModel() throws Exception {
        Answer answer = post("/v1/generate", "{\"task\":\"image\",\"model\":\"sdxl\",\"prompt\":\"A cat\",\"stream\":true}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("detail").asString()).contains("cannot stream");
    }

    private Flux<Event> stream(String body) {
        AtomicReference<String> answeredOver = new AtomicReference<>();
        return protocol.webClient(gateway("").toString(), answeredOver::set).post().uri("/v1/generate")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue(body)
                .retrieve()
                .bodyToFlux(SSE)
                .map(event -> new Event(event.event(), JSON.readTree(event.data())))
                .doOnNext(event -> assertThat(answeredOver.get()).isEqualTo(protocol.nettyVersion()));
    }

    /** Sets a fault plan with the emulator's streaming fields, through its admin API. */
    private void streamFault(String modelId, String plan) throws Exception {
        Answer answer = send(HttpRequest.newBuilder(emulator.endpoint().resolve("/emulator/faults/"
                        + URLEncoder.encode(modelId, StandardCharsets.UTF_8)))
                // HTTP/1.1: the JDK client's h2c upgrade attempt caps the size of a body it sends along
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(plan)).build());
        assertThat(answer.status() / 100).as("%s %s", answer.status(), answer.body()).isEqualTo(2);
    }
}
