package dev.bedrockgateway.routing;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.resilience.GuardSettings;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides where a request goes, compiled and checked in one step from the configuration
 * ({@link RouteTableCompiler}) and never changed after: a reload compiles a new table and swaps it in whole
 * ({@link ActiveRouteTable}), so a request that read this one finishes on it.
 *
 * @param catalog       the models, each with its own fallbacks
 * @param routes        named routes by name
 * @param rules         tried in order when a request names neither model nor route
 * @param defaultRoutes the route per task when no rule matches
 * @param guardDefaults the guards of a model without its own settings, complete
 * @param guards        each catalog model's guard settings, complete
 */
public record RouteTable(ModelCatalog catalog, Map<String, NamedRoute> routes, List<RouteRule> rules,
                         Map<Task, String> defaultRoutes, GuardSettings guardDefaults,
                         Map<String, GuardSettings> guards) {

    public RouteTable {
        routes = Map.copyOf(routes);
        rules = List.copyOf(rules);
        defaultRoutes = Map.copyOf(defaultRoutes);
        guards = Map.copyOf(guards);
    }

    /** The guard settings of a model, complete. */
    public GuardSettings guardsOf(String alias) {
        return guards.getOrDefault(alias, guardDefaults);
    }

    /**
     * Whether a model is served the same way by both tables: the same spec (its fallbacks aside, they do not touch
     * its calls) and the same guard settings. Its breaker state and latency average then carry over a reload.
     */
    public boolean servesAlike(RouteTable other, String alias) {
        ModelSpec mine = catalog.byAlias(alias);
        ModelSpec theirs = other.catalog.byAlias(alias);
        return mine != null && theirs != null && withoutFallbacks(mine).equals(withoutFallbacks(theirs))
                && guardsOf(alias).equals(other.guardsOf(alias));
    }

    private static ModelSpec withoutFallbacks(ModelSpec model) {
        return new ModelSpec(model.alias(), model.id(), model.family(), model.provider(), model.task(),
                model.vision(), model.contextWindow(), model.maxOutputTokens(), model.price(), model.tools(),
                model.converse(), model.deployments());
    }
}
