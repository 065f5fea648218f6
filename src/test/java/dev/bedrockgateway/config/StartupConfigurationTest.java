package dev.bedrockgateway.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.BedrockGatewayApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A wrong setting stops start-up with a message that names the key and the value. */
class StartupConfigurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gateway.routes.broken.targets[0]=gpt-9              | gateway.routes.broken.targets[0] = gpt-9
            gateway.default-routes.chat=missing                 | gateway.default-routes.chat = missing
            gateway.models[0].family=cobol                      | gateway.models[0].family
            gateway.backend=cloud                               | gateway.backend
            gateway.bedrock.max-attempts=0                      | gateway.bedrock.max-attempts = 0
            gateway.bedrock.call-timeout=soon                   | gateway.bedrock.call-timeout
            gateway.resilience.defaults.failure-rate-threshold=0 | gateway.resilience.defaults.failure-rate-threshold = 0.0
            gateway.resilience.models.gpt-4.retry-attempts=2     | gateway.resilience.models.gpt-4
            gateway.resilience.models.sdxl.max-concurrent-calls=0 | gateway.resilience.models.sdxl.max-concurrent-calls = 0
            gateway.resilience.defaults.first-chunk-time-limit=0s | gateway.resilience.defaults.first-chunk-time-limit = PT0S
            gateway.resilience.models.llama3-8b.first-chunk-time-limit=-1s | gateway.resilience.models.llama3-8b.first-chunk-time-limit
            gateway.openai.unknown-fields=sometimes            | gateway.openai.unknown-fields
            gateway.auth.mode=jwt                              | neither gateway.auth.jwt.issuer-uri nor gateway.auth.jwt.jwk-set-uri is set
            gateway.auth.mode=none,jwt                         | cannot be combined with another mode
            gateway.auth.mode=tokens                           | gateway.auth.mode
            """)
    void stopsOnAWrongSetting(String setting, String expected) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);

        // As command-line arguments, because they outrank config/gateway.yml as a user's would.
        assertThatThrownBy(() -> application.run("--gateway.backend=emulator", "--" + setting).close())
                .hasStackTraceContaining(expected);
    }
}
