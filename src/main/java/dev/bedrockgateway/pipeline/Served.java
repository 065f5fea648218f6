package dev.bedrockgateway.pipeline;

/** What the policy chain answers a request with: a whole answer, a stream a model has started, or embeddings. */
public sealed interface Served permits ServedRequest, ServedStream, ServedEmbeddings {

    /** The request's id, also sent as X-Request-Id. */
    String requestId();
}
