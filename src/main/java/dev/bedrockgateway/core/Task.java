package dev.bedrockgateway.core;

/** What a request asks a model to do; decides which models can serve it. */
public enum Task {
    CHAT,
    IMAGE,
    /** Text to vectors: served by embedding models only, through {@code EmbeddingRequest}. */
    EMBED;

    /** The lower-case name used on the wire and in configuration. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
