package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.bedrockgateway.GatewayHttpTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** With gateway.logging.include-content on, the access log also holds the prompt and the answer. */
@TestPropertySource(properties = "gateway.logging.include-content=true")
class AccessLogContentTest extends GatewayHttpTest {

    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    @Test
    void includesPromptAndAnswerWhenTurnedOn() throws Exception {
        Answer answer = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Content please\"}");

        List<ILoggingEvent> lines = accessLog.lines();
        JsonNode line = JSON.readTree(lines.get(lines.size() - 1).getFormattedMessage());
        assertThat(line.get("prompt").asString()).isEqualTo("Content please");
        assertThat(line.get("answer").asString()).isEqualTo(answer.json().at("/output/text").asString());
    }
}
