package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * With {@code management.endpoint.health.show-details: always}, health shows the Bedrock client's details: backend,
 * endpoint, region and the emulator's state, and no credential.
 */
@NonDefaultSettings
class HealthDetailsTest extends GatewayHttpTest {

    @Test
    void showsTheBedrockDetailsWhenTheOperatorAllowsIt() throws Exception {
        Answer health = get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        JsonNode bedrock = health.json().at("/components/bedrock");
        assertThat(bedrock.get("status").asString()).isEqualTo("UP");
        assertThat(bedrock.at("/details/backend").asString()).isEqualTo("emulator");
        assertThat(bedrock.at("/details/emulator").asString()).isEqualTo("running");
        assertThat(bedrock.at("/details/endpoint").asString()).isEqualTo(emulator.endpoint().toString());
        assertThat(bedrock.at("/details/region").asString()).isEqualTo("us-east-1");
        assertThat(bedrock.get("details").propertyNames()).containsExactlyInAnyOrder("backend", "emulator",
                "endpoint", "region");
        assertThat(emulator.calls()).isEmpty();
    }
}
