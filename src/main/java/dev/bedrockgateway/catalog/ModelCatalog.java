package dev.bedrockgateway.catalog;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the gateway may call, as one compiled route table holds them.
 * Callers name a model by alias, Bedrock id, inference-profile id, ARN or another name the catalog gives it; all
 * resolve here.
 */
public final class ModelCatalog {

    private final List<ModelSpec> models;
    private final Map<String, ModelSpec> byName;
    private final Map<String, ModelSpec> byBaseId;

    private ModelCatalog(List<ModelSpec> models, Map<String, String> otherNames) {
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
        otherNames.forEach((name, alias) -> names.putIfAbsent(name, names.get(alias)));
        this.byName = Map.copyOf(names);
        this.byBaseId = Map.copyOf(baseIds);
    }

    /** A catalog of these models; names are checked when the route table is compiled. */
    public static ModelCatalog of(List<ModelSpec> models) {
        return new ModelCatalog(models, Map.of());
    }

    /**
     * A catalog whose models also answer to other names (Anthropic's model names, for its SDKs and Claude Code).
     *
     * @param otherNames each other name and the alias of the model it names
     */
    public static ModelCatalog of(List<ModelSpec> models, Map<String, String> otherNames) {
        return new ModelCatalog(models, otherNames);
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
