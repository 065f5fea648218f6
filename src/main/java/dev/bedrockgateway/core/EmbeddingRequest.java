package dev.bedrockgateway.core;

import java.util.List;
import java.util.Objects;

/**
 * The model-agnostic request to turn texts into vectors, which every API renders into and every embedding adapter
 * translates from. Its checks are the ones no model could waive; each model's own limits are checked at dispatch.
 *
 * @param inputs     the texts, in the order their vectors are answered; never empty
 * @param dimensions the vector length asked for, or null for the model's default
 * @param inputType  what the vectors are for, which some models encode into them, or null for the model's default
 * @param model      the model the caller named (alias, id, profile id or ARN), or null
 * @param route      the route the caller named, or null
 * @param metadata   who the request is for
 */
public record EmbeddingRequest(List<String> inputs, Integer dimensions, EmbeddingInputType inputType, String model,
                               String route, RequestMetadata metadata) {

    public EmbeddingRequest {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("an embedding request needs at least one input");
        }
        metadata = Objects.requireNonNullElse(metadata, RequestMetadata.NONE);
    }

    /** The length of the longest input, which each model's input limit is judged by. */
    public int longestInput() {
        return inputs.stream().mapToInt(String::length).max().orElse(0);
    }
}
