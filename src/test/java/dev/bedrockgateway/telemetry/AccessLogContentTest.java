package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.api.AccessLog;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** With gateway.logging.include-content on, the access log also holds the prompt and the answer. */
@TestPropertySource(properties = "gateway.logging.include-content=true")
class AccessLogContentTest extends GatewayHttpTest {

    @Test
    void includesPromptAndAnswerWhenTurnedOn() throws Exception {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        lines.start();
        accessLogger.addAppender(lines);
        try {
            Answer answer = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Content please\"}");

            JsonNode line = JSON.readTree(lines.list.get(lines.list.size() - 1).getFormattedMessage());
            assertThat(line.get("prompt").asString()).isEqualTo("Content please");
            assertThat(line.get("answer").asString()).isEqualTo(answer.json().at("/output/text").asString());
        } finally {
            accessLogger.detachAppender(lines);
        }
    }
}
