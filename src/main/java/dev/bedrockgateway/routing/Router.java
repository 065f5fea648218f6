package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Turns a request into a {@link RouteDecision} on the route table in force. A request names a model (tried with that
 * model's own fallbacks), a route, or neither: then the first matching rule, else the default route of its task,
 * decides. Each request reads the table once, so a reload never splits one decision across two tables.
 */
public class Router {

    private final ActiveRouteTable tables;

    public Router(ActiveRouteTable tables) {
        this.tables = tables;
    }

    /** Routes a request that has no headers to match rules against. */
    public RouteDecision route(GenerationRequest request) {
        return route(request, name -> null);
    }

    /**
     * @param header the request's header by name (case-insensitive), or null when absent
     */
    public RouteDecision route(GenerationRequest request, UnaryOperator<String> header) {
        return route(tables.current(), RoutingKey.of(request), header);
    }

    /** Routes an embedding request by the same rules, on its own routing key. */
    public RouteDecision route(EmbeddingRequest request, UnaryOperator<String> header) {
        return route(tables.current(), RoutingKey.of(request), header);
    }

    /**
     * @param header the request's header by name (case-insensitive), or null when absent
     */
    public static RouteDecision route(RouteTable table, RoutingKey key, UnaryOperator<String> header) {
        if (key.model() != null && key.route() != null) {
            throw GatewayException.invalid("Name either a model or a route, not both");
        }
        if (key.model() != null) {
            return direct(table, key);
        }
        String name = key.route() != null ? key.route() : ruleOrDefault(table, key, header);
        if (name == null) {
            return firstModelFor(table, key.task());
        }
        NamedRoute route = table.routes().get(name);
        if (route == null) {
            throw new GatewayException(ErrorKind.ROUTE_NOT_FOUND,
                    "Unknown route '" + name + "'. Known routes: " + table.routes().keySet());
        }
        if (route.task() != key.task()) {
            throw GatewayException.invalid("Route " + name + " serves " + route.task().wireName()
                    + " requests, but this request has task \"" + key.task().wireName() + "\"");
        }
        return new RouteDecision(name, route.policy().name(), route.policy().order(route.targets(), key), false);
    }

    private static RouteDecision direct(RouteTable table, RoutingKey key) {
        ModelSpec model = table.catalog().resolve(key.model());
        if (model.task() != key.task()) {
            throw GatewayException.invalid("Model " + model.alias() + " serves " + model.task().wireName()
                    + " requests, but this request has task \"" + key.task().wireName() + "\"");
        }
        List<ModelSpec> candidates = new ArrayList<>(1 + model.fallbacks().size());
        candidates.add(model);
        model.fallbacks().forEach(alias -> candidates.add(table.catalog().byAlias(alias)));
        return new RouteDecision(RouteDecision.DIRECT, RouteDecision.DIRECT, candidates, true);
    }

    private static String ruleOrDefault(RouteTable table, RoutingKey key, UnaryOperator<String> header) {
        if (!table.rules().isEmpty()) {
            int inputTokens = key.estimatedInputTokens();
            for (RouteRule rule : table.rules()) {
                if (rule.matches(key, header, inputTokens)) {
                    return rule.route();
                }
            }
        }
        return table.defaultRoutes().get(key.task());
    }

    /** With no default route configured, the catalog's first model for the task serves it. */
    private static RouteDecision firstModelFor(RouteTable table, Task task) {
        return table.catalog().models().stream()
                .filter(model -> model.task() == task)
                .findFirst()
                .map(model -> new RouteDecision("catalog-" + task.wireName(), PriorityPolicy.NAME, List.of(model), false))
                .orElseThrow(() -> new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                        "No model in the catalog serves " + task.wireName() + " requests"));
    }
}
