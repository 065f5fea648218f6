package dev.bedrockgateway.openai;

import dev.bedrockgateway.core.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a request field the gateway does not know meets on the OpenAI API, for the parts of a request read as JSON
 * trees (message parts, tools, tool calls): a 400 naming it ({@code gateway.openai.unknown-fields: refuse}), or
 * skipped and noted for the answer's {@value OpenAiSettings#IGNORED_FIELDS_HEADER} header ({@code ignore}). One per
 * request.
 */
public final class UnknownFields {

    private final boolean ignore;
    private final List<String> ignored;

    private UnknownFields(boolean ignore, List<String> ignored) {
        this.ignore = ignore;
        this.ignored = new ArrayList<>(ignored);
    }

    /** Refuses any unknown field. */
    public static UnknownFields refused() {
        return new UnknownFields(false, List.of());
    }

    /**
     * Skips unknown fields and lists them.
     *
     * @param alreadyIgnored the fields skipped while the body was bound, first in the list
     */
    public static UnknownFields ignored(List<String> alreadyIgnored) {
        return new UnknownFields(true, alreadyIgnored);
    }

    /** Checks an object's field names against the ones the API knows there. */
    void check(String field, JsonNode node, Set<String> known) {
        for (String name : node.propertyNames()) {
            if (known.contains(name)) {
                continue;
            }
            if (!ignore) {
                throw GatewayException.invalid(field + "." + name, field + " has an unknown field '" + name + "'");
            }
            ignored.add(field + "." + name);
        }
    }

    /** The fields skipped so far, in the order met. */
    public List<String> ignoredSoFar() {
        return List.copyOf(ignored);
    }
}
