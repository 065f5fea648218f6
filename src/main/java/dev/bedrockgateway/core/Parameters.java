package dev.bedrockgateway.core;

import java.util.List;

/**
 * Sampling parameters in the gateway's own terms; each adapter renames and bounds them for its family.
 * A null field means "the model's default".
 */
public record Parameters(Integer maxTokens, Double temperature, Double topP, Integer topK, List<String> stop) {

    public static final Parameters DEFAULTS = new Parameters(null, null, null, null, List.of());

    public Parameters {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public Parameters withMaxTokens(Integer value) {
        return new Parameters(value, temperature, topP, topK, stop);
    }
}
