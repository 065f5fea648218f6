package dev.bedrockgateway.provider;

import static dev.bedrockgateway.provider.ParameterTable.Field.MAX_TOKENS;
import static dev.bedrockgateway.provider.ParameterTable.Field.TEMPERATURE;
import static dev.bedrockgateway.provider.ParameterTable.Field.TOP_K;
import static dev.bedrockgateway.provider.ParameterTable.UNBOUNDED;
import static dev.bedrockgateway.provider.ParameterTable.clamp;
import static dev.bedrockgateway.provider.ParameterTable.reject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Task;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ParameterTableTest {

    /** An operator-set output limit below the family's own, to tell the two apart. */
    private static final ModelSpec MODEL = new ModelSpec("small", "vendor.small-v1:0", ModelFamily.META, "vendor",
            Task.CHAT, false, 8192, 1000, Price.FREE);

    private static final ParameterTable<Parameters> CLAMPING = ParameterTable.of(
            clamp(MAX_TOKENS, "max_len", 1, 2048),
            clamp(TEMPERATURE, "temp", 0, 1),
            clamp(TOP_K, "k", 1, 200));

    private static final ParameterTable<Parameters> REJECTING = ParameterTable.of(
            reject(MAX_TOKENS, "max_len", 1, UNBOUNDED),
            reject(TEMPERATURE, "temp", 0, 1),
            reject(TOP_K, "k", 0, UNBOUNDED));

    @Test
    void clampingRowsHoldValuesToTheRangeAndTheCatalogsOutputLimit() {
        ObjectNode body = CLAMPING.writeTo(NativeJson.object(), new Parameters(4096, 1.5, null, 0, List.of()), MODEL);

        assertThat(body.get("max_len").isInt()).isTrue();
        assertThat(body.get("max_len").intValue()).isEqualTo(1000);
        assertThat(body.get("temp").isDouble()).isTrue();
        assertThat(body.get("temp").doubleValue()).isEqualTo(1.0);
        assertThat(body.get("k").intValue()).isEqualTo(1);
    }

    @Test
    void unsetFieldsStayOutOfTheBody() {
        assertThat(CLAMPING.writeTo(NativeJson.object(), Parameters.DEFAULTS, MODEL).isEmpty()).isTrue();
        assertThat(REJECTING.writeTo(NativeJson.object(), Parameters.DEFAULTS, MODEL).isEmpty()).isTrue();
    }

    @Test
    void rejectingRowsPassValuesInRangeUnchangedAndIgnoreTheCatalogsOutputLimit() {
        ObjectNode body = REJECTING.writeTo(NativeJson.object(), new Parameters(4096, 0.5, null, 900, List.of()),
                MODEL);

        assertThat(body.get("max_len").intValue()).isEqualTo(4096);
        assertThat(body.get("temp").doubleValue()).isEqualTo(0.5);
        assertThat(body.get("k").intValue()).isEqualTo(900);
    }

    @Test
    void rejectingRowsFailWithTheFieldAndItsRange() {
        assertThatThrownBy(() -> REJECTING.writeTo(NativeJson.object(),
                new Parameters(null, 1.5, null, null, List.of()), MODEL))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .hasMessage("parameters.temperature must be between 0 and 1 for small, got 1.5");
        assertThatThrownBy(() -> REJECTING.writeTo(NativeJson.object(),
                new Parameters(0, null, null, null, List.of()), MODEL))
                .hasMessage("parameters.max_tokens must be 1 or more for small, got 0");
    }

    @Test
    void stopSequencesAreWrittenOnlyWhenSent() {
        assertThat(ParameterTable.writeStop(NativeJson.object(), "stop", List.of()).has("stop")).isFalse();
        assertThat(ParameterTable.writeStop(NativeJson.object(), "stop", List.of("END")).get("stop").get(0)
                .stringValue()).isEqualTo("END");
    }
}
