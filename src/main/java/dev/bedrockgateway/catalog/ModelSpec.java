package dev.bedrockgateway.catalog;

import dev.bedrockgateway.core.Task;
import java.util.List;

/**
 * One model the gateway can call: how callers name it, how Bedrock names it, and what it can do.
 *
 * @param alias           the short name callers use ("claude-3-sonnet")
 * @param id              what Bedrock is called with: a model id, an inference-profile id or an ARN
 * @param family          which adapter speaks to it
 * @param provider        who makes the model ("anthropic", "meta", "amazon", ...)
 * @param task            chat or image
 * @param vision          whether it accepts images in messages
 * @param contextWindow   input plus output tokens it can hold
 * @param maxOutputTokens the most tokens it may be asked to generate
 * @param price           on-demand prices
 * @param tools           whether it can call tools, and in streamed answers too
 * @param converse        what it takes through the Converse API (system prompt, top-k field, stop sequences)
 * @param deployments     where it is served from, at least one ({@link Deployment#DEFAULT} when none is configured)
 * @param fallbacks       aliases of the catalog models tried after this one when a request names it and it fails
 */
public record ModelSpec(String alias, String id, ModelFamily family, String provider, Task task, boolean vision,
                        int contextWindow, int maxOutputTokens, Price price, ToolSupport tools,
                        ConverseFeatures converse, List<Deployment> deployments, List<String> fallbacks) {

    public ModelSpec {
        deployments = deployments == null || deployments.isEmpty() ? List.of(Deployment.DEFAULT)
                : List.copyOf(deployments);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    /** A model without fallbacks. */
    public ModelSpec(String alias, String id, ModelFamily family, String provider, Task task, boolean vision,
                     int contextWindow, int maxOutputTokens, Price price, ToolSupport tools,
                     ConverseFeatures converse, List<Deployment> deployments) {
        this(alias, id, family, provider, task, vision, contextWindow, maxOutputTokens, price, tools, converse,
                deployments, List.of());
    }

    /** A model served from the gateway's own client only. */
    public ModelSpec(String alias, String id, ModelFamily family, String provider, Task task, boolean vision,
                     int contextWindow, int maxOutputTokens, Price price, ToolSupport tools,
                     ConverseFeatures converse) {
        this(alias, id, family, provider, task, vision, contextWindow, maxOutputTokens, price, tools, converse,
                List.of(Deployment.DEFAULT));
    }

    /** A model whose Converse features are the defaults for its id ({@link ConverseFeatures#defaultFor}). */
    public ModelSpec(String alias, String id, ModelFamily family, String provider, Task task, boolean vision,
                     int contextWindow, int maxOutputTokens, Price price, ToolSupport tools) {
        this(alias, id, family, provider, task, vision, contextWindow, maxOutputTokens, price, tools,
                ConverseFeatures.defaultFor(ModelIds.baseModelId(id)));
    }

    /** A model whose tool support is the default for its id ({@link ToolSupport#defaultFor}). */
    public ModelSpec(String alias, String id, ModelFamily family, String provider, Task task, boolean vision,
                     int contextWindow, int maxOutputTokens, Price price) {
        this(alias, id, family, provider, task, vision, contextWindow, maxOutputTokens, price,
                ToolSupport.defaultFor(ModelIds.baseModelId(id), family));
    }

    /** The same model reached under another Bedrock identifier (an inference profile of it). */
    public ModelSpec withId(String otherId) {
        return new ModelSpec(alias, otherId, family, provider, task, vision, contextWindow, maxOutputTokens, price,
                tools, converse, deployments, fallbacks);
    }
}
