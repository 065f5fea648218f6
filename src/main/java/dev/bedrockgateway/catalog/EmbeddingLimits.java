package dev.bedrockgateway.catalog;

import java.util.List;

/**
 * What an embedding family can make and take, as AWS documents it: the vector lengths it answers with and the longest
 * text it embeds. Known before any call, so a route can skip a model that cannot serve a request.
 *
 * @param dimensions    vector lengths the model makes, its default first
 * @param maxInputChars the longest single input, in characters
 */
public record EmbeddingLimits(List<Integer> dimensions, int maxInputChars) {

    public EmbeddingLimits {
        dimensions = List.copyOf(dimensions);
    }

    public int defaultDimensions() {
        return dimensions.get(0);
    }

    public boolean makes(int length) {
        return dimensions.contains(length);
    }
}
