package dev.bedrockgateway.core;

import java.util.Map;

/**
 * Who a request is for: used for routing (sticky splits, rules on tags) and reporting, never sent to a model.
 *
 * @param user the caller's end user, or null
 * @param tags free-form labels such as {@code team: search}
 */
public record RequestMetadata(String user, Map<String, String> tags) {

    public static final RequestMetadata NONE = new RequestMetadata(null, Map.of());

    public RequestMetadata {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
