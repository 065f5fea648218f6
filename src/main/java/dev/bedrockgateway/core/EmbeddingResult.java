package dev.bedrockgateway.core;

import java.util.List;

/**
 * What an embedding model answered, in the gateway's own terms.
 *
 * @param vectors one vector per input, in the inputs' order
 * @param usage   tokens read (an embedding model writes none)
 */
public record EmbeddingResult(List<float[]> vectors, Usage usage) {

    public EmbeddingResult {
        vectors = List.copyOf(vectors);
        usage = usage == null ? Usage.NONE : usage;
    }
}
