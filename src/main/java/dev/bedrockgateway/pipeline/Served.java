package dev.bedrockgateway.pipeline;

/**
 * What the policy chain answers a request with: a whole answer, a stream a model has started, embeddings, or a token
 * count.
 */
public sealed interface Served permits ServedRequest, ServedStream, ServedEmbeddings, ServedCount {

    /** The request's id, also sent as X-Request-Id. */
    String requestId();
}
