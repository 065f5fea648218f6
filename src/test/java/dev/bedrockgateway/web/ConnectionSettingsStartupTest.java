package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.BedrockGatewayApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A wrong connection time-out or drain bound stops start-up with a message that names the key and the value. */
class ConnectionSettingsStartupTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gateway.server.header-timeout=0s        | gateway.server.header-timeout = PT0S
            gateway.server.body-timeout=-1s         | gateway.server.body-timeout = PT-1S
            gateway.server.body-timeout=soon        | gateway.server.body-timeout
            gateway.server.refused-body-drain=-1B   | gateway.server.refused-body-drain = -1B
            server.netty.idle-timeout=0s            | server.netty.idle-timeout = PT0S
            """)
    void stopsOnAWrongSetting(String setting, String expected) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--gateway.backend=emulator", "--" + setting).close())
                .hasStackTraceContaining(expected);
    }
}
