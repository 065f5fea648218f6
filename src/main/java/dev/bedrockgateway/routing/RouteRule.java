package dev.bedrockgateway.routing;

import dev.bedrockgateway.core.Task;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A checked routing rule: the route a request takes when it names neither model nor route and every
 * condition the rule sets holds.
 */
public record RouteRule(String route, Task task, Map<String, String> headers, Map<String, String> tags,
                 Integer minInputTokens, Integer maxInputTokens) {

    /**
     * @param header the request's header by name (case-insensitive), or null when absent
     */
    boolean matches(RoutingKey request, UnaryOperator<String> header, int inputTokens) {
        if (task != null && task != request.task()) {
            return false;
        }
        for (Map.Entry<String, String> expected : headers.entrySet()) {
            if (!expected.getValue().equals(header.apply(expected.getKey()))) {
                return false;
            }
        }
        for (Map.Entry<String, String> expected : tags.entrySet()) {
            if (!expected.getValue().equals(request.metadata().tags().get(expected.getKey()))) {
                return false;
            }
        }
        return (minInputTokens == null || inputTokens >= minInputTokens)
                && (maxInputTokens == null || inputTokens <= maxInputTokens);
    }
}
