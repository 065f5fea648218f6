package dev.bedrockgateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.BedrockGatewayApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
            gateway.store.redis.url=redis://127.0.0.1:6379/x   | gateway.store.redis.url = redis://127.0.0.1:6379/x: is not a Redis URI
            gateway.store.redis.url=redis://127.0.0.1:99999/0  | gateway.store.redis.url = redis://127.0.0.1:99999/0: is not a Redis URI
            gateway.store.redis.url=127.0.0.1:6379             | gateway.store.redis.url = 127.0.0.1:6379: is not a Redis URI
            """)
    void stopsOnAWrongSetting(String setting, String expected) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);

        // As command-line arguments, because they outrank config/gateway.yml as a user's would.
        assertThatThrownBy(() -> application.run("--gateway.backend=emulator", "--" + setting).close())
                .hasStackTraceContaining(expected);
    }

    /** A Redis URL that cannot be read is named without its password, which appears nowhere in the failure. */
    @Test
    void aWrongRedisUrlIsNamedWithoutItsPassword() {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--gateway.backend=emulator",
                "--gateway.store.redis.url=redis://:hunter2secret@127.0.0.1:6379/x").close())
                .hasStackTraceContaining("gateway.store.redis.url = redis://***@127.0.0.1:6379/x: is not a Redis URI")
                .satisfies(failure -> assertThat(stackTrace(failure)).doesNotContain("hunter2secret"));
    }

    private static String stackTrace(Throwable failure) {
        StringWriter written = new StringWriter();
        failure.printStackTrace(new PrintWriter(written));
        return written.toString();
    }

    /** What the packaged jar defaults to (keys, a key store required) refuses to start with keys kept in memory. */
    @ParameterizedTest(name = "gateway.auth.mode={0}")
    @ValueSource(strings = {"keys", "keys,jwt"})
    void keysWithoutAKeyStoreStopWhenAStoreIsRequired(String mode) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--gateway.backend=emulator", "--gateway.auth.mode=" + mode,
                "--gateway.auth.jwt.jwk-set-uri=http://127.0.0.1:9/jwks", "--gateway.auth.require-key-store=true")
                .close())
                .hasStackTraceContaining("gateway.auth.mode = " + mode + ": API keys need a key store")
                .hasStackTraceContaining("gateway.auth.mode=none");
    }

    /** Only keys need the store: a gateway open on purpose, or taking JWTs alone, starts. */
    @ParameterizedTest(name = "gateway.auth.mode={0}")
    @ValueSource(strings = {"none", "jwt"})
    void aModeWithoutKeysNeedsNoKeyStore(String mode) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .web(WebApplicationType.NONE);

        application.run("--gateway.backend=emulator", "--gateway.auth.mode=" + mode,
                "--gateway.auth.jwt.jwk-set-uri=http://127.0.0.1:9/jwks", "--gateway.auth.require-key-store=true",
                "--gateway.warmup.enabled=false").close();
    }
}
