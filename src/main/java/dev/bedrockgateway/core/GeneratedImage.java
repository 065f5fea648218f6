package dev.bedrockgateway.core;

/** One image a model made: base64 PNG and the seed that reproduces it. */
public record GeneratedImage(String base64, Long seed) {
}
