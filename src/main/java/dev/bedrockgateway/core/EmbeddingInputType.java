package dev.bedrockgateway.core;

import java.util.Locale;

/**
 * What a caller will do with the vectors. Cohere Embed v3 encodes it into them (a query and the documents it should
 * find are embedded differently); Titan ignores it.
 */
public enum EmbeddingInputType {
    SEARCH_DOCUMENT,
    SEARCH_QUERY,
    CLASSIFICATION,
    CLUSTERING;

    /** The lower-case name used on the wire, which is also Cohere's. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param field the request field as the caller wrote it, for the refusal
     * @throws GatewayException INVALID_REQUEST naming the values when {@code value} is none of them
     */
    public static EmbeddingInputType fromWire(String field, String value) {
        for (EmbeddingInputType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw GatewayException.invalid(field + " '" + value + "' is not one of: search_document, search_query,"
                + " classification, clustering");
    }
}
