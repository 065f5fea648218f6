package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The reset times of the x-ratelimit-* headers, written as OpenAI writes them: Go durations such as "1s" and "6m0s"
 * (https://platform.openai.com/docs/guides/rate-limits#rate-limits-in-headers: x-ratelimit-reset-requests "1s",
 * x-ratelimit-reset-tokens "6m0s"; answers also show "12ms").
 */
class RateHeadersTest {

    @Test
    void resetsAreGoDurationsAsOpenAiWritesThem() {
        assertThat(RateHeaders.duration(1_000)).isEqualTo("1s");
        assertThat(RateHeaders.duration(360_000)).isEqualTo("6m0s");
        assertThat(RateHeaders.duration(12)).isEqualTo("12ms");
        assertThat(RateHeaders.duration(59_600)).isEqualTo("59.6s");
        assertThat(RateHeaders.duration(61_250)).isEqualTo("1m1.25s");
        assertThat(RateHeaders.duration(3_600_000)).isEqualTo("1h0m0s");
        assertThat(RateHeaders.duration(0)).isEqualTo("0s");
    }
}
