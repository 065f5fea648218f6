package dev.bedrockgateway.warmup;

import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The start-up warm-up of the request path ({@code gateway.warmup}), run before the gateway reports itself ready.
 *
 * @param enabled    run it; when false the gateway is ready as soon as it has started
 * @param duration   how long it keeps sending requests after one round of every request; 0s sends that one round
 * @param modelCalls whether its requests may reach the model backend (see {@link ModelCalls})
 */
@ConfigurationProperties("gateway.warmup")
public record WarmupSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue(DEFAULT_DURATION) Duration duration,
        @DefaultValue("auto") ModelCalls modelCalls) {

    /**
     * Ten seconds: in bench/warmup.sh the JIT has compiled most of the request path by then, and a
     * replica that takes ten seconds more to become ready costs a rolling deploy little; longer gains little more.
     */
    static final String DEFAULT_DURATION = "10s";

    /** Beyond this a readiness probe's patience (and a rolling deploy's) is the wrong place to spend the time. */
    static final Duration LONGEST = Duration.ofMinutes(5);

    public WarmupSettings {
        if (duration.isNegative() || duration.compareTo(LONGEST) > 0) {
            throw new InvalidConfigurationException("gateway.warmup.duration", duration, "must be between 0s and 5m");
        }
    }

    /** Whether warm-up requests may call models (each call to real Bedrock is billed). */
    public enum ModelCalls {
        /** Only with {@code gateway.backend=emulator}; with Bedrock only requests the gateway answers itself. */
        AUTO,
        /** Always: only for a Bedrock endpoint that costs nothing (an emulator, as in bench/). */
        ALWAYS,
        /** Never: only requests the gateway answers itself (the model list, refusals, health). */
        NEVER
    }
}
