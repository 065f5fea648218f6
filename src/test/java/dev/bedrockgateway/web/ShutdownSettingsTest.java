package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.BedrockGatewayApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A drain that cannot work stops start-up with a message naming {@code gateway.shutdown.drain-wait}. */
class ShutdownSettingsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gateway.shutdown.drain-wait=-1s | must not be negative
            gateway.shutdown.drain-wait=30s | shorter than spring.lifecycle.timeout-per-shutdown-phase (PT30S)
            gateway.shutdown.drain-wait=5s --spring.lifecycle.timeout-per-shutdown-phase=5s | shorter than
            """)
    void stopsOnADrainThatCannotWork(String settings, String problem) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);
        String[] arguments = ("--gateway.backend=emulator --" + settings).split(" ");

        assertThatThrownBy(() -> application.run(arguments).close())
                .hasStackTraceContaining("gateway.shutdown.drain-wait")
                .hasStackTraceContaining(problem);
    }
}
