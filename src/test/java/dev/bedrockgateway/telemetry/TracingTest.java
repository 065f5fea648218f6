package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * With tracing on, a caller's traceparent is honoured and the request has route and gen_ai upstream spans, whether
 * the model answers whole or streams.
 */
@AutoConfigureTracing
@Import(TracingTest.SpansConfiguration.class)
@TestPropertySource(properties = {
        "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=50ms"
})
class TracingTest extends GatewayHttpTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    Spans spans;

    @Test
    void followsTheCallersTraceparentWithRouteAndUpstreamSpans() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Trace me\"}")).build());
        assertThat(answer.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> inTrace().stream()
                .anyMatch(span -> span.getParentSpanId().equals("00f067aa0ba902b7")));
        List<SpanData> trace = inTrace();
        SpanData server = trace.stream().filter(span -> span.getParentSpanId().equals("00f067aa0ba902b7"))
                .findFirst().orElseThrow();
        SpanData route = named(trace, "route");
        SpanData upstream = named(trace, "chat llama3-8b");
        assertThat(route.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(upstream.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(route.getAttributes().get(AttributeKey.stringKey("gateway.route"))).isEqualTo("direct");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("aws.bedrock");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("llama3-8b");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.usage.input_tokens")))
                .isEqualTo(answer.json().at("/usage/input_tokens").asString());
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.usage.output_tokens")))
                .isEqualTo(answer.json().at("/usage/output_tokens").asString());
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.response.finish_reasons")))
                .isEqualTo(answer.json().get("finish_reason").asString());
    }

    @Test
    void givesAStreamedCallItsUpstreamSpanEndedWithTheStream() throws Exception {
        String traceId = "5bf92f3577b34da6a3ce929d0e0e4737";
        Answer answer = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b8-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"llama3-8b\",\"prompt\":\"Trace my stream\",\"stream\":true}")).build());
        assertThat(answer.status()).isEqualTo(200);
        JsonNode end = JSON.readTree(answer.body().substring(answer.body().indexOf("event:end\ndata:")
                + "event:end\ndata:".length()).lines().findFirst().orElseThrow());

        await().atMost(Duration.ofSeconds(10)).until(() -> inTrace(traceId).stream()
                .anyMatch(span -> span.getParentSpanId().equals("00f067aa0ba902b8")));
        List<SpanData> trace = inTrace(traceId);
        SpanData server = trace.stream().filter(span -> span.getParentSpanId().equals("00f067aa0ba902b8"))
                .findFirst().orElseThrow();
        SpanData upstream = named(trace, "chat llama3-8b");
        assertThat(upstream.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("aws.bedrock");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("llama3-8b");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.usage.input_tokens")))
                .isEqualTo(end.at("/usage/input_tokens").asString());
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.usage.output_tokens")))
                .isEqualTo(end.at("/usage/output_tokens").asString());
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.response.finish_reasons")))
                .isEqualTo(end.get("finish_reason").asString());
        // Ended with the stream, not at its first event: the span covers every token the caller was sent.
        assertThat(upstream.getEndEpochNanos()).isGreaterThan(upstream.getStartEpochNanos());
    }

    @Test
    void endsTheUpstreamSpanOfAStreamItsCallerLeft() throws Exception {
        String traceId = "6bf92f3577b34da6a3ce929d0e0e4738";
        slowStream("meta.llama3-8b-instruct-v1:0");

        StepVerifier.create(WebClient.create(gateway("").toString()).post().uri("/v1/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b9-01")
                        .bodyValue("{\"model\":\"llama3-8b\",\"prompt\":\"Tell me about the sea\",\"stream\":true}")
                        .retrieve()
                        .bodyToFlux(String.class))
                .expectNextCount(2)
                .thenCancel()
                .verify(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> inTrace(traceId).stream()
                .anyMatch(span -> span.getName().equals("chat llama3-8b")));
        SpanData upstream = named(inTrace(traceId), "chat llama3-8b");
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("llama3-8b");
        // It never reached its end event: no usage to note, and no error either, the caller only left.
        assertThat(upstream.getAttributes().get(AttributeKey.stringKey("gen_ai.usage.output_tokens"))).isNull();
        assertThat(upstream.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    /** Makes the emulator stream slowly enough that a caller can leave mid-stream. */
    private void slowStream(String modelId) throws Exception {
        Answer answer = send(HttpRequest.newBuilder(emulator.endpoint().resolve("/emulator/faults/"
                        + URLEncoder.encode(modelId, StandardCharsets.UTF_8)))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"tokens_per_second\":5}")).build());
        assertThat(answer.status() / 100).as("%s %s", answer.status(), answer.body()).isEqualTo(2);
    }

    private List<SpanData> inTrace() {
        return inTrace(TRACE_ID);
    }

    private List<SpanData> inTrace(String traceId) {
        return spans.exported.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData named(List<SpanData> trace, String name) {
        return trace.stream().filter(span -> span.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + trace.stream().map(SpanData::getName).toList()));
    }

    /** Puts the in-memory exporter beside the OTLP one Spring Boot would configure. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SpansConfiguration {

        @Bean
        Spans inMemorySpanExporter() {
            return new Spans();
        }
    }

    /** Keeps exported spans in memory, in place of an OTLP collector. */
    static class Spans implements SpanExporter {

        final List<SpanData> exported = new CopyOnWriteArrayList<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
