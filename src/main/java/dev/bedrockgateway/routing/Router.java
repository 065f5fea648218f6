package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.GatewayProperties.RouteEntry;
import dev.bedrockgateway.config.GatewayProperties.RuleEntry;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.UnaryOperator;

/**
 * Turns a request into a {@link RouteDecision}. A request names a model (tried with that model's configured
 * fallbacks), a route, or neither: then the first matching rule, else the default route of its task, decides.
 * Everything is checked at start-up; a wrong setting names its key.
 */
public class Router {

    private final ModelCatalog catalog;
    private final Map<String, NamedRoute> routes;
    private final Map<String, List<ModelSpec>> fallbacks;
    private final List<RouteRule> rules;
    private final Map<Task, String> defaultRoutes;

    /**
     * @param latencies what the fastest strategy orders by
     * @param random    uniform draws in [0, 1) for the weighted strategy
     */
    public Router(ModelCatalog catalog, GatewayProperties properties, LatencyTracker latencies, DoubleSupplier random) {
        this.catalog = catalog;
        this.routes = resolveRoutes(catalog, properties, latencies, random);
        this.fallbacks = resolveFallbacks(catalog, properties.models());
        this.rules = resolveRules(properties.rules(), routes);
        this.defaultRoutes = resolveDefaults(properties, routes);
    }

    /** A configured route: its strategy and its targets in configured order. */
    public record NamedRoute(String name, RoutePolicy policy, List<ModelSpec> targets, RouteEntry settings) {
        Task task() {
            return targets.get(0).task();
        }
    }

    private static Map<String, NamedRoute> resolveRoutes(ModelCatalog catalog, GatewayProperties properties,
                                                         LatencyTracker latencies, DoubleSupplier random) {
        Map<String, NamedRoute> resolved = new LinkedHashMap<>();
        properties.routes().forEach((name, route) -> {
            String key = "gateway.routes." + name;
            List<ModelSpec> targets = aliases(catalog, key + ".targets", route.targets());
            if (targets.isEmpty()) {
                throw new InvalidConfigurationException(key + ".targets", "[]", "a route needs at least one target");
            }
            resolved.put(name, new NamedRoute(name, policy(key, route, latencies, random), targets, route));
        });
        return Map.copyOf(resolved);
    }

    private static RoutePolicy policy(String key, RouteEntry route, LatencyTracker latencies, DoubleSupplier random) {
        route.weights().forEach((alias, weight) -> {
            if (weight == null || weight <= 0) {
                throw new InvalidConfigurationException(key + ".weights." + alias, weight, "must be greater than 0");
            }
            if (!route.targets().contains(alias)) {
                throw new InvalidConfigurationException(key + ".weights." + alias, weight,
                        "weighs a model that is not among the route's targets " + route.targets());
            }
        });
        String strategy = route.strategy() == null ? PriorityPolicy.NAME : route.strategy().strip();
        if (!strategy.equals(WeightedPolicy.NAME) && (!route.weights().isEmpty() || route.sticky())) {
            throw new InvalidConfigurationException(key + ".strategy", strategy,
                    "weights and sticky only apply to the weighted strategy");
        }
        return switch (strategy) {
            case PriorityPolicy.NAME -> new PriorityPolicy();
            case WeightedPolicy.NAME -> new WeightedPolicy(route.weights(), route.sticky(), random);
            case CheapestPolicy.NAME -> new CheapestPolicy();
            case FastestPolicy.NAME -> new FastestPolicy(latencies);
            default -> throw new InvalidConfigurationException(key + ".strategy", strategy,
                    "not one of: priority, weighted, cheapest, fastest");
        };
    }

    /** Catalog models by alias, all serving the first one's task. */
    private static List<ModelSpec> aliases(ModelCatalog catalog, String key, List<String> aliases) {
        List<ModelSpec> models = new ArrayList<>(aliases.size());
        for (int i = 0; i < aliases.size(); i++) {
            String alias = aliases.get(i);
            ModelSpec model = catalog.byAlias(alias);
            if (model == null) {
                throw new InvalidConfigurationException(key + "[" + i + "]", alias,
                        "no model with that alias in gateway.models (known: " + catalog.aliases() + ")");
            }
            if (!models.isEmpty() && models.get(0).task() != model.task()) {
                throw new InvalidConfigurationException(key + "[" + i + "]", alias, "serves "
                        + model.task().wireName() + " but " + models.get(0).alias() + " serves "
                        + models.get(0).task().wireName());
            }
            models.add(model);
        }
        return List.copyOf(models);
    }

    private static Map<String, List<ModelSpec>> resolveFallbacks(ModelCatalog catalog, List<ModelEntry> entries) {
        Map<String, List<ModelSpec>> resolved = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ModelEntry entry = entries.get(i);
            if (entry.fallbacks().isEmpty()) {
                continue;
            }
            ModelSpec model = catalog.models().get(i);
            List<String> chain = new ArrayList<>();
            chain.add(model.alias());
            chain.addAll(entry.fallbacks());
            List<ModelSpec> models = aliases(catalog, "gateway.models[" + i + "].fallbacks", chain);
            resolved.put(model.alias(), models.subList(1, models.size()));
        }
        return Map.copyOf(resolved);
    }

    private static List<RouteRule> resolveRules(List<RuleEntry> entries, Map<String, NamedRoute> routes) {
        List<RouteRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleEntry entry = entries.get(i);
            String key = "gateway.rules[" + i + "]";
            NamedRoute route = routes.get(entry.route());
            if (route == null) {
                throw new InvalidConfigurationException(key + ".route", entry.route(), "no such route in gateway.routes");
            }
            if (entry.task() != null && entry.task() != route.task()) {
                throw new InvalidConfigurationException(key + ".task", entry.task().wireName(),
                        "route " + entry.route() + " serves " + route.task().wireName());
            }
            rules.add(new RouteRule(entry.route(), entry.task() != null ? entry.task() : route.task(),
                    entry.headers(), entry.tags(), entry.minInputTokens(), entry.maxInputTokens()));
        }
        return List.copyOf(rules);
    }

    private static Map<Task, String> resolveDefaults(GatewayProperties properties, Map<String, NamedRoute> routes) {
        Map<Task, String> defaults = new LinkedHashMap<>();
        properties.defaultRoutes().forEach((task, name) -> {
            String key = "gateway.default-routes." + task.wireName();
            NamedRoute route = routes.get(name);
            if (route == null) {
                throw new InvalidConfigurationException(key, name, "no such route in gateway.routes");
            }
            if (route.task() != task) {
                throw new InvalidConfigurationException(key, name,
                        "the route serves " + route.task().wireName() + ", not " + task.wireName());
            }
            defaults.put(task, name);
        });
        return Map.copyOf(defaults);
    }

    /** Routes a request that has no headers to match rules against. */
    public RouteDecision route(GenerationRequest request) {
        return route(request, name -> null);
    }

    /**
     * @param header the request's header by name (case-insensitive), or null when absent
     */
    public RouteDecision route(GenerationRequest request, UnaryOperator<String> header) {
        if (request.model() != null && request.route() != null) {
            throw GatewayException.invalid("Name either a model or a route, not both");
        }
        if (request.model() != null) {
            return direct(request);
        }
        String name = request.route() != null ? request.route() : ruleOrDefault(request, header);
        if (name == null) {
            return firstModelFor(request.task());
        }
        NamedRoute route = routes.get(name);
        if (route == null) {
            throw new GatewayException(ErrorKind.ROUTE_NOT_FOUND,
                    "Unknown route '" + name + "'. Known routes: " + routes.keySet());
        }
        if (route.task() != request.task()) {
            throw GatewayException.invalid("Route " + name + " serves " + route.task().wireName()
                    + " requests, but this request has task \"" + request.task().wireName() + "\"");
        }
        return new RouteDecision(name, route.policy().name(), route.policy().order(route.targets(), request), false);
    }

    /**
     * Routes an embedding request by the same rules. Routing reads only a request's task, the names it gives, its
     * metadata and its text, so the embedding request is routed as a request of task embed whose one user turn holds
     * its inputs: rules on input tokens judge the inputs, a sticky split judges the same user.
     *
     * @param header the request's header by name (case-insensitive), or null when absent
     */
    public RouteDecision route(EmbeddingRequest request, UnaryOperator<String> header) {
        return route(new GenerationRequest(Task.EMBED, null, List.of(Message.user(String.join("\n", request.inputs()))),
                null, null, null, request.model(), request.route(), request.metadata()), header);
    }

    private RouteDecision direct(GenerationRequest request) {
        ModelSpec model = catalog.resolve(request.model());
        if (model.task() != request.task()) {
            throw GatewayException.invalid("Model " + model.alias() + " serves " + model.task().wireName()
                    + " requests, but this request has task \"" + request.task().wireName() + "\"");
        }
        List<ModelSpec> candidates = new ArrayList<>();
        candidates.add(model);
        candidates.addAll(fallbacks.getOrDefault(model.alias(), List.of()));
        return new RouteDecision(RouteDecision.DIRECT, RouteDecision.DIRECT, candidates, true);
    }

    private String ruleOrDefault(GenerationRequest request, UnaryOperator<String> header) {
        if (!rules.isEmpty()) {
            int inputTokens = TokenEstimate.input(request);
            for (RouteRule rule : rules) {
                if (rule.matches(request, header, inputTokens)) {
                    return rule.route();
                }
            }
        }
        return defaultRoutes.get(request.task());
    }

    /** With no default route configured, the catalog's first model for the task serves it. */
    private RouteDecision firstModelFor(Task task) {
        return catalog.models().stream()
                .filter(model -> model.task() == task)
                .findFirst()
                .map(model -> new RouteDecision("catalog-" + task.wireName(), PriorityPolicy.NAME, List.of(model), false))
                .orElseThrow(() -> new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                        "No model in the catalog serves " + task.wireName() + " requests"));
    }

    public Map<String, NamedRoute> routes() {
        return routes;
    }

    public Map<Task, String> defaultRoutes() {
        return defaultRoutes;
    }
}
