package dev.bedrockgateway.catalog;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.ConverseEntry;
import dev.bedrockgateway.config.GatewayProperties.DeploymentEntry;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.GatewayProperties.PriceEntry;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The models the gateway may call, read once from configuration and checked at start-up.
 * Callers name a model by alias, Bedrock id, inference-profile id or ARN; all resolve here.
 */
public final class ModelCatalog {

    private final List<ModelSpec> models;
    private final Map<String, ModelSpec> byName;
    private final Map<String, ModelSpec> byBaseId;

    private ModelCatalog(List<ModelSpec> models) {
        this.models = List.copyOf(models);
        Map<String, ModelSpec> names = new HashMap<>();
        Map<String, ModelSpec> baseIds = new HashMap<>();
        for (ModelSpec model : models) {
            names.put(model.alias(), model);
            names.putIfAbsent(model.id(), model);
            String base = ModelIds.baseModelId(model.id());
            if (base != null) {
                baseIds.putIfAbsent(base, model);
            }
        }
        this.byName = Map.copyOf(names);
        this.byBaseId = Map.copyOf(baseIds);
    }

    /** Builds the catalog from {@code gateway.models}, failing with the offending key on any wrong entry. */
    public static ModelCatalog from(GatewayProperties properties) {
        List<ModelSpec> specs = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < properties.models().size(); i++) {
            ModelSpec spec = toSpec("gateway.models[" + i + "]", properties.models().get(i));
            for (String name : List.of(spec.alias(), spec.id())) {
                String earlier = seen.putIfAbsent(name, "gateway.models[" + i + "]");
                if (earlier != null && !(name.equals(spec.id()) && name.equals(spec.alias()))) {
                    throw new InvalidConfigurationException("gateway.models[" + i + "]", name,
                            "the name is already used by " + earlier);
                }
            }
            specs.add(spec);
        }
        return new ModelCatalog(specs);
    }

    public static ModelCatalog of(List<ModelSpec> models) {
        return new ModelCatalog(models);
    }

    private static ModelSpec toSpec(String key, ModelEntry entry) {
        if (entry.id() == null || entry.id().isBlank()) {
            throw new InvalidConfigurationException(key + ".id", entry.id(), "every model needs its Bedrock id");
        }
        String id = entry.id().strip();
        String base = ModelIds.baseModelId(id);
        ModelFamily family = entry.family();
        if (family == null) {
            if (base == null) {
                throw new InvalidConfigurationException(key + ".family", null,
                        "the ARN " + id + " does not reveal its model, so the family must be set"
                                + " (meta, mistral, cohere, anthropic, stability, converse, titan-embed or cohere-embed)");
            }
            family = ModelFamily.fromModelId(base);
        }
        Task task = entry.task();
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
        ToolSupport tools = entry.tools() != null ? entry.tools() : ToolSupport.defaultFor(base, family);
        return new ModelSpec(alias, id, family, provider(base, family), task, entry.vision(),
                entry.contextWindow(), entry.maxOutputTokens(), price(key + ".price", entry.price()), tools,
                converse(key + ".converse", base, entry.converse()),
                deployments(key + ".deployments", entry.deployments()));
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

    public List<ModelSpec> models() {
        return models;
    }

    /** The catalog entry with exactly this alias, or null. */
    public ModelSpec byAlias(String alias) {
        ModelSpec spec = byName.get(alias);
        return spec != null && spec.alias().equals(alias) ? spec : null;
    }

    /**
     * The model a caller means: an alias, a catalog id, or an inference-profile id / foundation-model ARN
     * of a catalog model (called under the identifier the caller gave).
     *
     * @throws GatewayException MODEL_NOT_FOUND when the catalog has no such model
     */
    public ModelSpec resolve(String name) {
        ModelSpec spec = byName.get(name);
        if (spec != null) {
            return spec;
        }
        String base = ModelIds.baseModelId(name);
        spec = base == null ? null : byBaseId.get(base);
        if (spec != null) {
            return spec.withId(name);
        }
        throw new GatewayException(ErrorKind.MODEL_NOT_FOUND, "Unknown model '" + name + "'. Use an alias or id from"
                + " GET /v1/models, or add the model to gateway.models in config/gateway.yml.");
    }

    /** Aliases of every model, for messages that list the choices. */
    public List<String> aliases() {
        return Collections.unmodifiableList(models.stream().map(ModelSpec::alias).toList());
    }
}
