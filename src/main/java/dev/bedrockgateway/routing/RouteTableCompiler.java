package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ConverseFeatures;
import dev.bedrockgateway.catalog.Deployment;
import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelIds;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.catalog.ToolSupport;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.ConverseEntry;
import dev.bedrockgateway.config.GatewayProperties.DeploymentEntry;
import dev.bedrockgateway.config.GatewayProperties.GuardEntry;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.GatewayProperties.PriceEntry;
import dev.bedrockgateway.config.GatewayProperties.RouteEntry;
import dev.bedrockgateway.config.GatewayProperties.RuleEntry;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.resilience.GuardSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * Compiles the bound settings ({@code gateway.models}, {@code routes}, {@code rules}, {@code default-routes},
 * {@code resilience}) into a {@link RouteTable}, checking everything in one step: a wrong value fails with an
 * {@link InvalidConfigurationException} that names its key, at start-up and on a reload alike. No config record
 * gets past this class.
 */
public final class RouteTableCompiler {

    private final LatencyTracker latencies;
    private final DoubleSupplier random;

    /**
     * @param latencies what the fastest strategy orders by
     * @param random    uniform draws in [0, 1) for the weighted strategy
     */
    public RouteTableCompiler(LatencyTracker latencies, DoubleSupplier random) {
        this.latencies = latencies;
        this.random = random;
    }

    public RouteTable compile(GatewayProperties properties) {
        if (properties.models().isEmpty()) {
            throw new InvalidConfigurationException("gateway.models", "[]",
                    "the catalog is empty; the configuration file lists no model");
        }
        ModelCatalog catalog = catalog(properties.models());
        Map<String, NamedRoute> routes = routes(catalog, properties.routes());
        GuardSettings guardDefaults = guardDefaults(properties.resilience());
        return new RouteTable(catalog, routes, rules(properties.rules(), routes),
                defaults(properties.defaultRoutes(), routes), guardDefaults,
                guards(catalog, properties.resilience(), guardDefaults));
    }

    // ---- the catalog

    /** Every model, named once, with its fallbacks checked against the whole catalog. */
    public static ModelCatalog catalog(List<ModelEntry> entries) {
        List<ModelSpec> specs = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        Map<String, String> otherNames = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String key = "gateway.models[" + i + "]";
            ModelSpec spec = spec(key, entries.get(i));
            for (String name : List.of(spec.alias(), spec.id())) {
                String earlier = seen.putIfAbsent(name, key);
                if (earlier != null && !(name.equals(spec.id()) && name.equals(spec.alias()))) {
                    throw new InvalidConfigurationException(key, name, "the name is already used by " + earlier);
                }
            }
            specs.add(spec);
        }
        // Other names after every alias and id, so a clash names the entry whichever comes first in the file.
        for (int i = 0; i < entries.size(); i++) {
            List<String> names = entries.get(i).names();
            for (int j = 0; j < names.size(); j++) {
                String key = "gateway.models[" + i + "].names[" + j + "]";
                String name = blankToNull(names.get(j));
                if (name == null) {
                    throw new InvalidConfigurationException(key, names.get(j), "a name must not be blank");
                }
                String earlier = seen.putIfAbsent(name, key);
                if (earlier != null) {
                    throw new InvalidConfigurationException(key, name, "the name is already used by " + earlier);
                }
                otherNames.put(name, specs.get(i).alias());
            }
        }
        ModelCatalog catalog = ModelCatalog.of(specs, otherNames);
        for (int i = 0; i < specs.size(); i++) {
            ModelSpec model = specs.get(i);
            List<String> chain = new ArrayList<>();
            chain.add(model.alias());
            chain.addAll(model.fallbacks());
            aliases(catalog, "gateway.models[" + i + "].fallbacks", chain);
        }
        return catalog;
    }

    private static ModelSpec spec(String key, ModelEntry entry) {
        ModelFamily family = entry.family() == null ? null : family(key + ".family", entry.family());
        if (entry.id() == null || entry.id().isBlank()) {
            throw new InvalidConfigurationException(key + ".id", entry.id(), "every model needs its Bedrock id");
        }
        String id = entry.id().strip();
        String base = ModelIds.baseModelId(id);
        if (family == null) {
            if (base == null) {
                throw new InvalidConfigurationException(key + ".family", null,
                        "the ARN " + id + " does not reveal its model, so the family must be set ("
                                + wireNames(ModelFamily.values()) + ")");
            }
            family = ModelFamily.fromModelId(base);
        }
        Task task = oneOf(key + ".task", entry.task() == null ? "chat" : entry.task(), Task.values());
        if (family.task() != task) {
            throw new InvalidConfigurationException(key + ".task", task.wireName(),
                    "family " + family.wireName() + " serves " + family.task().wireName());
        }
        positive(key + ".context-window", entry.contextWindow());
        positive(key + ".max-output-tokens", entry.maxOutputTokens());
        if (task == Task.CHAT && entry.maxOutputTokens() > entry.contextWindow()) {
            throw new InvalidConfigurationException(key + ".max-output-tokens", entry.maxOutputTokens(),
                    "larger than the context window " + entry.contextWindow());
        }
        String alias = entry.alias() == null || entry.alias().isBlank() ? id : entry.alias().strip();
        ToolSupport tools = entry.tools() != null ? oneOf(key + ".tools", entry.tools(), ToolSupport.values())
                : ToolSupport.defaultFor(base, family);
        return new ModelSpec(alias, id, family, provider(base, family), task, entry.vision(),
                entry.contextWindow(), entry.maxOutputTokens(), price(key + ".price", entry.price()), tools,
                converse(key + ".converse", base, entry.converse()),
                deployments(key + ".deployments", entry.deployments()), entry.fallbacks());
    }

    private static ModelFamily family(String key, String value) {
        ModelFamily family = ModelFamily.named(value);
        if (family == null) {
            throw new InvalidConfigurationException(key, value, "not one of: " + wireNames(ModelFamily.values()));
        }
        return family;
    }

    /** The constant an enum's lower-case name (dashes for underscores) spells, case-insensitively. */
    private static <E extends Enum<E>> E oneOf(String key, String value, E[] constants) {
        String wanted = value.strip().replace('-', '_');
        for (E constant : constants) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        throw new InvalidConfigurationException(key, value, "not one of: " + names(constants));
    }

    private static String names(Enum<?>[] constants) {
        return String.join(", ", Arrays.stream(constants)
                .map(constant -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    private static String wireNames(ModelFamily[] families) {
        return String.join(", ", Arrays.stream(families).map(ModelFamily::wireName).toList());
    }

    /** The model's deployments, each named once; none configured is the gateway's own client. */
    private static List<Deployment> deployments(String key, List<DeploymentEntry> entries) {
        List<Deployment> deployments = new ArrayList<>(entries.size());
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            DeploymentEntry entry = entries.get(i);
            String name = blankToNull(entry.name());
            if (name == null) {
                name = blankToNull(entry.region()) != null ? entry.region().strip() : Deployment.DEFAULT.name();
            }
            if (!names.add(name)) {
                throw new InvalidConfigurationException(key + "[" + i + "].name", name,
                        "another deployment of the model has that name; give each its own name");
            }
            positive(key + "[" + i + "].weight", entry.weight());
            deployments.add(new Deployment(name, blankToNull(entry.region()), entry.endpoint(),
                    blankToNull(entry.profile()), blankToNull(entry.roleArn()), blankToNull(entry.modelId()),
                    entry.weight()));
        }
        return deployments;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The defaults for the id (AWS's Converse feature table), with what the entry sets in their place. */
    private static ConverseFeatures converse(String key, String baseId, ConverseEntry entry) {
        ConverseFeatures defaults = ConverseFeatures.defaultFor(baseId);
        if (entry == null) {
            return defaults;
        }
        if (entry.topK() != null && !ConverseFeatures.isFieldPath(entry.topK())) {
            throw new InvalidConfigurationException(key + ".top-k", entry.topK(), "must be the model's field name"
                    + " (top_k, k), a dotted path into a nested object (inferenceConfig.topK), or none");
        }
        return defaults.overriddenBy(entry.systemPrompt(), entry.documents(), entry.topK());
    }

    private static String provider(String baseId, ModelFamily family) {
        if (baseId != null && baseId.indexOf('.') > 0) {
            return baseId.substring(0, baseId.indexOf('.')).toLowerCase(Locale.ROOT);
        }
        return family.wireName();
    }

    private static Price price(String key, PriceEntry entry) {
        if (entry == null) {
            return Price.FREE;
        }
        notNegative(key + ".input-per-1k", entry.inputPer1k());
        notNegative(key + ".output-per-1k", entry.outputPer1k());
        notNegative(key + ".per-image", entry.perImage());
        if (entry.perImageHighSteps() != null) {
            notNegative(key + ".per-image-high-steps", entry.perImageHighSteps());
        }
        return new Price(entry.inputPer1k(), entry.outputPer1k(), entry.perImage(), entry.perImageHighSteps());
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new InvalidConfigurationException(key, value, "must be greater than 0");
        }
    }

    private static void notNegative(String key, double value) {
        if (value < 0 || Double.isNaN(value)) {
            throw new InvalidConfigurationException(key, value, "must be 0 or more");
        }
    }

    // ---- routes, rules, default routes

    private Map<String, NamedRoute> routes(ModelCatalog catalog, Map<String, RouteEntry> entries) {
        Map<String, NamedRoute> resolved = new LinkedHashMap<>();
        entries.forEach((name, route) -> {
            String key = "gateway.routes." + name;
            List<ModelSpec> targets = aliases(catalog, key + ".targets", route.targets());
            if (targets.isEmpty()) {
                throw new InvalidConfigurationException(key + ".targets", "[]", "a route needs at least one target");
            }
            resolved.put(name, new NamedRoute(name, policy(key, route), targets, route.weights(), route.sticky()));
        });
        return resolved;
    }

    private RoutePolicy policy(String key, RouteEntry route) {
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

    private static List<RouteRule> rules(List<RuleEntry> entries, Map<String, NamedRoute> routes) {
        List<RouteRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleEntry entry = entries.get(i);
            String key = "gateway.rules[" + i + "]";
            NamedRoute route = routes.get(entry.route());
            if (route == null) {
                throw new InvalidConfigurationException(key + ".route", entry.route(), "no such route in gateway.routes");
            }
            Task task = entry.task() == null ? route.task() : oneOf(key + ".task", entry.task(), Task.values());
            if (task != route.task()) {
                throw new InvalidConfigurationException(key + ".task", task.wireName(),
                        "route " + entry.route() + " serves " + route.task().wireName());
            }
            rules.add(new RouteRule(entry.route(), task, entry.headers(), entry.tags(), entry.minInputTokens(),
                    entry.maxInputTokens()));
        }
        return rules;
    }

    private static Map<Task, String> defaults(Map<String, String> entries, Map<String, NamedRoute> routes) {
        Map<Task, String> defaults = new LinkedHashMap<>();
        entries.forEach((taskName, name) -> {
            String key = "gateway.default-routes." + taskName;
            Task task = oneOf(key, taskName, Task.values());
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
        return defaults;
    }

    // ---- guards

    private static GuardSettings guardDefaults(GatewayProperties.Resilience resilience) {
        GuardSettings defaults = guard(resilience.defaults()).over(GuardSettings.BUILT_IN);
        defaults.check("gateway.resilience.defaults.");
        return defaults;
    }

    /** Every catalog model's complete guard settings; settings for a model the catalog lacks are refused. */
    private static Map<String, GuardSettings> guards(ModelCatalog catalog, GatewayProperties.Resilience resilience,
                                                     GuardSettings defaults) {
        resilience.models().forEach((alias, own) -> {
            if (catalog.byAlias(alias) == null) {
                throw new InvalidConfigurationException("gateway.resilience.models." + alias, "{...}",
                        "no model with that alias in gateway.models (known: " + catalog.aliases() + ")");
            }
            guard(own).over(defaults).check("gateway.resilience.models." + alias + ".");
        });
        Map<String, GuardSettings> guards = new LinkedHashMap<>();
        for (ModelSpec model : catalog.models()) {
            GuardEntry own = resilience.models().get(model.alias());
            guards.put(model.alias(), own == null ? defaults : guard(own).over(defaults));
        }
        return guards;
    }

    private static GuardSettings guard(GuardEntry entry) {
        return new GuardSettings(entry.failureRateThreshold(), entry.slowCallRateThreshold(),
                entry.slowCallDuration(), entry.slidingWindowSize(), entry.minimumCalls(), entry.waitInOpen(),
                entry.halfOpenCalls(), entry.maxConcurrentCalls(), entry.bulkheadWait(), entry.timeLimit(),
                entry.firstChunkTimeLimit(), entry.retryAttempts(), entry.retryBackoff(), entry.retryMaxBackoff());
    }
}
