package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.catalog.Deployment;
import dev.bedrockgateway.telemetry.LogCapture;
import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A caller that gives up while its model is being called leaves a record of that call: Bedrock received it (and
 * bills it), so the access log and the metrics name the model and deployment tried, and the wait on Bedrock is not
 * counted as the gateway's overhead. (Such a request was once logged with attempts 0, no model, and all its time as
 * overhead.)
 */
class CancelledCallTest extends GatewayHttpTest {

    private static final String LLAMA_8B = "meta.llama3-8b-instruct-v1:0";

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @Autowired
    MeterRegistry meters;

    @Test
    void namesTheCallInFlightWhenTheCallerGivesUp() throws Exception {
        fault(LLAMA_8B, "none", 1.0, 1_500);
        double cancelledBefore = cancelled(MeterNames.REQUESTS);
        double cancelledTriesBefore = cancelled(MeterNames.ATTEMPTS);

        byte[] body = "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            // The caller gives up once the model has the call, long before its answer.
            await().atMost(Duration.ofSeconds(5)).until(() -> emulator.calls(LLAMA_8B) == 1);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !log.accessLog().isEmpty());
        JsonNode line = JSON.readTree(log.accessLog().get(0).getFormattedMessage());
        assertThat(line.get("outcome").asString()).isEqualTo("cancelled");
        assertThat(line.path("model").asString()).isEqualTo("llama3-8b");
        assertThat(line.path("deployment").asString()).isEqualTo(Deployment.DEFAULT.name());
        assertThat(line.get("attempts").asInt()).isEqualTo(1);
        assertThat(line.path("route").asString()).isNotBlank();
        // The wait on Bedrock, most of the request, is upstream time, not overhead.
        assertThat(line.get("overhead_ms").asDouble()).isLessThan(line.get("latency_ms").asDouble());
        assertThat(cancelled(MeterNames.REQUESTS)).isEqualTo(cancelledBefore + 1);
        assertThat(cancelled(MeterNames.ATTEMPTS)).isEqualTo(cancelledTriesBefore + 1);
    }

    /** The count of cancelled requests or tries of llama3-8b so far. */
    private double cancelled(String meter) {
        Counter counter = meters.find(meter).tags("model", "llama3-8b", "outcome", "cancelled").counter();
        return counter == null ? 0 : counter.count();
    }
}
