package dev.bedrockgateway.core;

import java.util.List;

/**
 * Sampling parameters in the gateway's own terms; each adapter renames and bounds them for its family.
 * A null field means "the model's default".
 *
 * @param seed asks for repeatable sampling; only families that document a seed send it, the others ignore it
 */
public record Parameters(Integer maxTokens, Double temperature, Double topP, Integer topK, List<String> stop,
                         Long seed) {

    public static final Parameters DEFAULTS = new Parameters(null, null, null, null, List.of());

    public Parameters {
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    /** Parameters without a seed, as most callers and families use them. */
    public Parameters(Integer maxTokens, Double temperature, Double topP, Integer topK, List<String> stop) {
        this(maxTokens, temperature, topP, topK, stop, null);
    }

    public Parameters withMaxTokens(Integer value) {
        return new Parameters(value, temperature, topP, topK, stop, seed);
    }
}
