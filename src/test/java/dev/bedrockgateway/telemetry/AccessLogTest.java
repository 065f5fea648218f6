package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bedrockgateway.GatewayHttpTest;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** One JSON access-log line per request, answered or failed, without the prompt by default. */
class AccessLogTest extends GatewayHttpTest {

    private static final String PROMPT = "my-secret-prompt-words";

    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    @Test
    void writesOneLineForAnAnsweredRequest() throws Exception {
        Answer answer = generate("log-ok-1", "{\"model\":\"llama3-8b\",\"prompt\":\"" + PROMPT + "\"}");

        JsonNode line = onlyLine("log-ok-1");
        assertThat(line.get("api").asString()).isEqualTo("native");
        assertThat(line.get("route").asString()).isEqualTo("direct");
        assertThat(line.get("model").asString()).isEqualTo("llama3-8b");
        assertThat(line.get("attempts").asInt()).isEqualTo(1);
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("outcome").asString()).isEqualTo("ok");
        assertThat(line.get("latency_ms").asDouble()).isPositive();
        assertThat(line.get("overhead_ms").asDouble()).isPositive().isLessThanOrEqualTo(line.get("latency_ms").asDouble());
        assertThat(line.get("input_tokens").asInt()).isEqualTo(answer.json().at("/usage/input_tokens").asInt());
        assertThat(line.get("output_tokens").asInt()).isEqualTo(answer.json().at("/usage/output_tokens").asInt());
        assertThat(line.get("cost_usd").decimalValue()).isEqualByComparingTo(answer.json().get("cost_usd").decimalValue());
        assertThat(line.has("prompt")).isFalse();
        assertThat(line.has("answer")).isFalse();
        assertThat(everyLine()).doesNotContain(PROMPT);
    }

    @Test
    void writesOneLineForAFailedRequestWithTheModelTried() throws Exception {
        fault("mistral.mistral-large-2402-v1:0", "throttling", 1.0);

        generate("log-throttled-1", "{\"model\":\"mistral-large\",\"prompt\":\"" + PROMPT + "\"}");

        JsonNode line = onlyLine("log-throttled-1");
        assertThat(line.get("status").asInt()).isEqualTo(429);
        assertThat(line.get("outcome").asString()).isEqualTo("throttled");
        assertThat(line.get("model").asString()).isEqualTo("mistral-large");
        assertThat(line.get("route").asString()).isEqualTo("direct");
        assertThat(line.get("attempts").asInt()).isEqualTo(1);
        assertThat(line.has("input_tokens")).isFalse();
        assertThat(everyLine()).doesNotContain(PROMPT);
    }

    @Test
    void writesOneLineForARequestRefusedBeforeRouting() throws Exception {
        generate("log-bad-1", "{\"prompt\":");
        send(HttpRequest.newBuilder(gateway("/v1/chat/completions")).header("X-Request-Id", "log-bad-2")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build());

        assertThat(onlyLine("log-bad-1").get("status").asInt()).isEqualTo(400);
        assertThat(onlyLine("log-bad-2").get("api").asString()).isEqualTo("openai");
    }

    @Test
    void writesOneLineForAnEmbeddingRequestWithoutItsText() throws Exception {
        Answer answer = send(HttpRequest.newBuilder(gateway("/v1/embeddings")).header("X-Request-Id", "log-embed-1")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"titan-embed-text-v2\",\"input\":[\"" + PROMPT + "\",\"more\"]}")).build());

        JsonNode line = onlyLine("log-embed-1");
        assertThat(line.get("api").asString()).isEqualTo("openai");
        assertThat(line.get("model").asString()).isEqualTo("titan-embed-text-v2");
        assertThat(line.get("outcome").asString()).isEqualTo("ok");
        assertThat(line.get("input_tokens").asInt()).isEqualTo(answer.json().at("/usage/prompt_tokens").asInt())
                .isEqualTo(2);
        assertThat(line.get("output_tokens").asInt()).isZero();
        assertThat(everyLine()).doesNotContain(PROMPT);
    }

    private Answer generate(String requestId, String body) throws Exception {
        return send(HttpRequest.newBuilder(gateway("/v1/generate")).header("X-Request-Id", requestId)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode onlyLine(String requestId) {
        List<JsonNode> matching = accessLog.lines().stream().map(event -> JSON.readTree(event.getFormattedMessage()))
                .filter(line -> requestId.equals(line.get("request_id").asString())).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private String everyLine() {
        return String.join("\n", accessLog.lines().stream().map(ILoggingEvent::getFormattedMessage).toList());
    }
}
