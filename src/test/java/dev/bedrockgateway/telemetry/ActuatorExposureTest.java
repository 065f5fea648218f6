package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.bedrock.BedrockHealthIndicator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Only health, info and prometheus are reachable by default; health checks the Bedrock client without a model call. */
class ActuatorExposureTest extends GatewayHttpTest {

    @Autowired
    BedrockHealthIndicator bedrockHealth;

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/configprops",
            "/actuator/loggers", "/actuator/heapdump", "/actuator/threaddump", "/actuator/mappings"})
    void otherEndpointsAnswer404(String path) throws Exception {
        assertThat(get(path).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/info", "/actuator/prometheus"})
    void exposedEndpointsAnswer(String path) throws Exception {
        assertThat(get(path).status()).isEqualTo(200);
    }

    @Test
    void healthIncludesTheBedrockClientWithoutCallingAModel() throws Exception {
        Answer health = get("/actuator/health");

        assertThat(health.json().at("/components/bedrock/status").asString()).isEqualTo("UP");
        Health details = bedrockHealth.health();
        assertThat(details.getStatus()).isEqualTo(Status.UP);
        assertThat(details.getDetails()).containsEntry("backend", "emulator").containsEntry("emulator", "running")
                .containsEntry("endpoint", emulator.endpoint().toString()).containsEntry("region", "us-east-1");
        assertThat(emulator.calls()).isEmpty();
    }

    /** By default health shows each check's status to anyone, and its details (endpoint, region) to no one. */
    @Test
    void hidesTheBedrockDetailsByDefault() throws Exception {
        Answer health = get("/actuator/health");

        assertThat(health.json().at("/components/bedrock/status").asString()).isEqualTo("UP");
        assertThat(health.json().at("/components/bedrock").has("details")).isFalse();
    }
}
