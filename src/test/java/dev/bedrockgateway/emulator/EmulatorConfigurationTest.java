package dev.bedrockgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The emulator bean exists, runs and is configured only when gateway.backend=emulator. */
class EmulatorConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(GatewayProperties.class)
    static class Gateway {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Gateway.class, EmulatorConfiguration.class);

    @Test
    void startsTheEmulatorWhenTheBackendIsEmulator() {
        runner.withPropertyValues("gateway.backend=emulator").run(context -> {
            BedrockEmulator emulator = context.getBean(BedrockEmulator.class);
            assertThat(emulator.isRunning()).isTrue();
            assertThat(emulator.endpoint().toString()).startsWith("http://127.0.0.1:");
        });
    }

    @Test
    void stopsTheEmulatorWithTheContext() {
        BedrockEmulator[] seen = new BedrockEmulator[1];
        runner.withPropertyValues("gateway.backend=emulator").run(context -> seen[0] = context.getBean(BedrockEmulator.class));
        assertThat(seen[0].isRunning()).isFalse();
    }

    @Test
    void definesNoEmulatorForRealBedrock() {
        runner.withPropertyValues("gateway.backend=bedrock").run(context -> assertThat(context).doesNotHaveBean(BedrockEmulator.class));
        runner.run(context -> assertThat(context).doesNotHaveBean(BedrockEmulator.class));
    }

    @Test
    void bindsFaultsAndCatalogFamilies() {
        runner.withPropertyValues(
                "gateway.backend=emulator",
                // TestPropertyValues splits at the first ':' too, so this id has none; YAML keys may
                "gateway.emulator.faults[stability.stable-diffusion-xl-v1].error=throttling",
                "gateway.emulator.faults[stability.stable-diffusion-xl-v1].rate=0.5",
                "gateway.emulator.faults[*].latency=20ms",
                "gateway.models[0].alias=custom",
                "gateway.models[0].id=arn:aws:bedrock:us-east-1:123456789012:custom-model/x",
                "gateway.models[0].family=mistral").run(context -> {
                    BedrockEmulator emulator = context.getBean(BedrockEmulator.class);
                    assertThat(emulator.faults()).containsEntry("stability.stable-diffusion-xl-v1",
                            new FaultPlan(FaultKind.THROTTLING, 0.5, Duration.ZERO));
                    assertThat(emulator.faults()).containsEntry("*", new FaultPlan(FaultKind.NONE, 1.0, Duration.ofMillis(20)));
                    assertThat(EmulatorConfiguration.explicitFamilies(context.getBean(GatewayProperties.class)))
                            .containsEntry("arn:aws:bedrock:us-east-1:123456789012:custom-model/x", ModelFamily.MISTRAL);
                });
    }

    @Test
    void bindsStreamPacingAndMidStreamFailures() {
        runner.withPropertyValues(
                "gateway.backend=emulator",
                "gateway.emulator.faults[*].error=model_stream_error",
                "gateway.emulator.faults[*].time-to-first-token=300ms",
                "gateway.emulator.faults[*].tokens_per_second=20",
                "gateway.emulator.faults[*].fail-after-chunks=5").run(context ->
                assertThat(context.getBean(BedrockEmulator.class).faults()).containsEntry("*", new FaultPlan(
                        FaultKind.MODEL_STREAM_ERROR, 1.0, Duration.ZERO, Duration.ofMillis(300), 20, 5)));
    }

    @Test
    void failsStartUpOnAChunkCountWithoutAnError() {
        runner.withPropertyValues("gateway.backend=emulator", "gateway.emulator.faults[*].fail-after-chunks=3").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("gateway.emulator.faults[*].fail-after-chunks"));
        runner.withPropertyValues("gateway.backend=emulator", "gateway.emulator.faults[*].tokens-per-second=-2").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("gateway.emulator.faults[*].tokens-per-second"));
    }

    @Test
    void failsStartUpOnAnUnknownFaultNamingTheKey() {
        runner.withPropertyValues("gateway.backend=emulator", "gateway.emulator.faults[*].error=gremlins").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("gateway.emulator.faults[*].error")
                    .hasMessageContaining("gremlins");
        });
    }

    @Test
    void failsStartUpOnAnOutOfRangeRateOrPort() {
        runner.withPropertyValues("gateway.backend=emulator", "gateway.emulator.faults[*].rate=1.5").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("gateway.emulator.faults[*].rate"));
        runner.withPropertyValues("gateway.backend=emulator", "gateway.emulator.port=70000").run(context ->
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("gateway.emulator.port"));
    }
}
