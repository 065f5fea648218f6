package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.http.HttpRequest;
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
import org.springframework.test.context.TestPropertySource;

/** With tracing on, a caller's traceparent is honoured and the request has route and gen_ai upstream spans. */
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

    private List<SpanData> inTrace() {
        return spans.exported.stream().filter(span -> span.getTraceId().equals(TRACE_ID)).toList();
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
