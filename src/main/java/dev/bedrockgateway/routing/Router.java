package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a request into a {@link RouteDecision}: the model it names, the route it names, or the default
 * route of its task. Routes are ordered lists of catalog models tried until one answers.
 */
public class Router {

    static final String PRIORITY = "priority";

    private final ModelCatalog catalog;
    private final Map<String, List<ModelSpec>> routes;
    private final Map<Task, String> defaultRoutes;

    public Router(ModelCatalog catalog, GatewayProperties properties) {
        this.catalog = catalog;
        this.routes = resolveRoutes(catalog, properties);
        this.defaultRoutes = resolveDefaults(catalog, properties, routes);
    }

    private static Map<String, List<ModelSpec>> resolveRoutes(ModelCatalog catalog, GatewayProperties properties) {
        Map<String, List<ModelSpec>> resolved = new LinkedHashMap<>();
        properties.routes().forEach((name, route) -> {
            String key = "gateway.routes." + name + ".targets";
            if (route.targets().isEmpty()) {
                throw new InvalidConfigurationException(key, "[]", "a route needs at least one target");
            }
            List<ModelSpec> targets = new ArrayList<>();
            for (int i = 0; i < route.targets().size(); i++) {
                String alias = route.targets().get(i);
                ModelSpec model = catalog.byAlias(alias);
                if (model == null) {
                    throw new InvalidConfigurationException(key + "[" + i + "]", alias,
                            "no model with that alias in gateway.models (known: " + catalog.aliases() + ")");
                }
                if (!targets.isEmpty() && targets.get(0).task() != model.task()) {
                    throw new InvalidConfigurationException(key + "[" + i + "]", alias,
                            "serves " + model.task().wireName() + " but the route's first target serves "
                                    + targets.get(0).task().wireName());
                }
                targets.add(model);
            }
            resolved.put(name, List.copyOf(targets));
        });
        return Map.copyOf(resolved);
    }

    private static Map<Task, String> resolveDefaults(ModelCatalog catalog, GatewayProperties properties,
                                                     Map<String, List<ModelSpec>> routes) {
        Map<Task, String> defaults = new LinkedHashMap<>();
        properties.defaultRoutes().forEach((task, name) -> {
            String key = "gateway.default-routes." + task.wireName();
            List<ModelSpec> targets = routes.get(name);
            if (targets == null) {
                throw new InvalidConfigurationException(key, name, "no such route in gateway.routes");
            }
            if (targets.get(0).task() != task) {
                throw new InvalidConfigurationException(key, name,
                        "the route serves " + targets.get(0).task().wireName() + ", not " + task.wireName());
            }
            defaults.put(task, name);
        });
        return Map.copyOf(defaults);
    }

    public RouteDecision route(GenerationRequest request) {
        if (request.model() != null && request.route() != null) {
            throw GatewayException.invalid("Name either a model or a route, not both");
        }
        if (request.model() != null) {
            ModelSpec model = catalog.resolve(request.model());
            if (model.task() != request.task()) {
                throw GatewayException.invalid("Model " + model.alias() + " serves " + model.task().wireName()
                        + " requests, but this request has task \"" + request.task().wireName() + "\"");
            }
            return new RouteDecision(RouteDecision.DIRECT, RouteDecision.DIRECT, List.of(model), true);
        }
        String name = request.route() != null ? request.route() : defaultRoutes.get(request.task());
        if (name == null) {
            return firstModelFor(request.task());
        }
        List<ModelSpec> targets = routes.get(name);
        if (targets == null) {
            throw new GatewayException(ErrorKind.ROUTE_NOT_FOUND,
                    "Unknown route '" + name + "'. Known routes: " + routes.keySet());
        }
        if (targets.get(0).task() != request.task()) {
            throw GatewayException.invalid("Route " + name + " serves " + targets.get(0).task().wireName()
                    + " requests, but this request has task \"" + request.task().wireName() + "\"");
        }
        return new RouteDecision(name, PRIORITY, targets, false);
    }

    /** With no default route configured, the catalog's first model for the task serves it. */
    private RouteDecision firstModelFor(Task task) {
        return catalog.models().stream()
                .filter(model -> model.task() == task)
                .findFirst()
                .map(model -> new RouteDecision("catalog-" + task.wireName(), PRIORITY, List.of(model), false))
                .orElseThrow(() -> new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                        "No model in the catalog serves " + task.wireName() + " requests"));
    }

    public Map<String, List<ModelSpec>> routes() {
        return routes;
    }

    public Map<Task, String> defaultRoutes() {
        return defaultRoutes;
    }
}
