package dev.bedrockgateway.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.resilience.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Telemetry may not import resilience (ArchitectureTest), so it writes the outcome of an answered request itself:
 * this keeps that copy equal to the error policy's name.
 */
class OutcomeNameTest {

    @Test
    void anAnsweredRequestIsTaggedWithTheOutcomeAttemptsCallOk() {
        assertThat(GatewayMetrics.OK).isEqualTo(Outcome.OK.wireName());
    }
}
