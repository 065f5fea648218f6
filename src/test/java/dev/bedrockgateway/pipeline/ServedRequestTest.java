package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServedRequestTest {

    @Test
    void writesTheOverheadInMillisecondsWithThreeDecimalsRoundedHalfUp() {
        assertThat(ServedRequest.milliseconds(0)).isEqualTo("0.000");
        assertThat(ServedRequest.milliseconds(499)).isEqualTo("0.000");
        assertThat(ServedRequest.milliseconds(500)).isEqualTo("0.001");
        assertThat(ServedRequest.milliseconds(48_123)).isEqualTo("0.048");
        assertThat(ServedRequest.milliseconds(99_500)).isEqualTo("0.100");
        assertThat(ServedRequest.milliseconds(1_234_567)).isEqualTo("1.235");
        assertThat(ServedRequest.milliseconds(12_005_000)).isEqualTo("12.005");
        assertThat(ServedRequest.milliseconds(999_999_999)).isEqualTo("1000.000");
        assertThat(ServedRequest.milliseconds(61_000_000_000L)).isEqualTo("61000.000");
    }

    @Test
    void writesANegativeDurationAsZero() {
        // a clock step can make an end earlier than its start; the header never says less than nothing
        assertThat(ServedRequest.milliseconds(-2_000_000)).isEqualTo("0.000");
    }
}
