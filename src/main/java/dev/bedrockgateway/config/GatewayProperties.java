package dev.bedrockgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code gateway:} in {@code config/gateway.yml}; every setting has a default. Only plain values
 * are bound here: the catalog, routes, rules and guards are checked and compiled into the route table outside this
 * package ({@code routing.RouteTableCompiler}), so a wrong value is reported with its key there.
 *
 * @param backend      where model calls go: real Bedrock, or the embedded emulator
 * @param bedrock      the AWS SDK client
 * @param limits       request limits
 * @param models       the model catalog
 * @param routes       named routes: a strategy over catalog models
 * @param rules        pick a route from request attributes when a request names neither model nor route
 * @param defaultRoutes the route used per task when a request names neither model nor route
 * @param resilience   guards around each model's calls
 */
@ConfigurationProperties("gateway")
public record GatewayProperties(
        @DefaultValue("bedrock") Backend backend,
        @DefaultValue Bedrock bedrock,
        @DefaultValue Limits limits,
        List<ModelEntry> models,
        Map<String, RouteEntry> routes,
        List<RuleEntry> rules,
        Map<String, String> defaultRoutes,
        @DefaultValue Resilience resilience) {

    public GatewayProperties {
        models = models == null ? List.of() : List.copyOf(models);
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        rules = rules == null ? List.of() : List.copyOf(rules);
        defaultRoutes = defaultRoutes == null ? Map.of() : Map.copyOf(defaultRoutes);
        resilience = resilience == null ? new Resilience(null, null) : resilience;
    }

    /** Where model calls go. */
    public enum Backend {
        BEDROCK,
        EMULATOR
    }

    /** Which HTTP version the SDK client speaks; AUTO means HTTP/2 over TLS, HTTP/1.1 to a plain-http endpoint. */
    public enum Protocol {
        AUTO,
        HTTP1_1,
        HTTP2
    }

    /**
     * The Bedrock Runtime client.
     *
     * @param region         AWS region; empty means the default region chain (AWS_REGION, profile, ...)
     * @param endpoint       endpoint override (a VPC endpoint, or an emulator); empty means Bedrock's own
     * @param protocol       HTTP version towards the endpoint
     * @param callTimeout    the read time-out (longest wait for the next bytes, so a whole non-streaming answer),
     *                       and with SDK retries on (maxAttempts &gt; 1) the limit for the whole call, retries included
     * @param maxConnections most open connections to Bedrock for streams; calls answered whole have as many
     *                       again, split across the server's event loops (one client per loop)
     * @param maxAttempts    attempts the SDK itself makes; 1 by default, because the gateway's own retry guard
     *                       (gateway.resilience) retries throttling and transient errors, and two retry layers multiply
     */
    public record Bedrock(
            String region,
            URI endpoint,
            @DefaultValue("auto") Protocol protocol,
            @DefaultValue("60s") Duration callTimeout,
            @DefaultValue("500") int maxConnections,
            @DefaultValue("1") int maxAttempts) {
    }

    /**
     * Request limits.
     *
     * @param maxBodySize largest request body accepted; larger ones get 413
     */
    public record Limits(@DefaultValue("10MB") DataSize maxBodySize) {
    }

    /**
     * One catalog entry.
     *
     * @param alias           short name callers use
     * @param id              Bedrock model id, inference-profile id or ARN
     * @param family          native format; taken from the id when omitted, required for opaque ARNs
     * @param task            chat (default) or image
     * @param vision          accepts images in messages
     * @param contextWindow   tokens of input plus output
     * @param maxOutputTokens most tokens the model may be asked for
     * @param price           USD prices
     * @param fallbacks       aliases tried after this model when a request names it and it fails
     * @param tools           tool calls: none, whole (not in streamed answers) or streaming; null for the model's
     *                        default (catalog.ToolSupport#defaultFor)
     * @param converse        Converse features that differ from the model's defaults; null for the defaults
     * @param deployments     where the model is served from; none means the gateway's own client and the model's id
     * @param names           other names callers may use for the model, such as Anthropic's own model name
     *                        ({@code claude-3-haiku-20240307}), which Anthropic's SDKs and Claude Code send
     */
    public record ModelEntry(
            String alias,
            String id,
            String family,
            @DefaultValue("chat") String task,
            @DefaultValue("false") boolean vision,
            @DefaultValue("8192") int contextWindow,
            @DefaultValue("4096") int maxOutputTokens,
            @DefaultValue PriceEntry price,
            List<String> fallbacks,
            String tools,
            ConverseEntry converse,
            List<DeploymentEntry> deployments,
            List<String> names) {

        @ConstructorBinding
        public ModelEntry {
            fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
            deployments = deployments == null ? List.of() : List.copyOf(deployments);
            names = names == null ? List.of() : List.copyOf(names);
        }

        /** An entry known by its alias and id only. */
        public ModelEntry(String alias, String id, String family, String task, boolean vision, int contextWindow,
                          int maxOutputTokens, PriceEntry price, List<String> fallbacks, String tools,
                          ConverseEntry converse, List<DeploymentEntry> deployments) {
            this(alias, id, family, task, vision, contextWindow, maxOutputTokens, price, fallbacks, tools, converse,
                    deployments, List.of());
        }

        /** An entry served from the gateway's own client only. */
        public ModelEntry(String alias, String id, String family, String task, boolean vision, int contextWindow,
                          int maxOutputTokens, PriceEntry price, List<String> fallbacks, String tools,
                          ConverseEntry converse) {
            this(alias, id, family, task, vision, contextWindow, maxOutputTokens, price, fallbacks, tools, converse,
                    List.of());
        }

        /** An entry whose Converse features are the model's defaults. */
        public ModelEntry(String alias, String id, String family, String task, boolean vision, int contextWindow,
                          int maxOutputTokens, PriceEntry price, List<String> fallbacks, String tools) {
            this(alias, id, family, task, vision, contextWindow, maxOutputTokens, price, fallbacks, tools, null);
        }

        /** An entry whose tool support is the model's default. */
        public ModelEntry(String alias, String id, String family, String task, boolean vision, int contextWindow,
                          int maxOutputTokens, PriceEntry price, List<String> fallbacks) {
            this(alias, id, family, task, vision, contextWindow, maxOutputTokens, price, fallbacks, null);
        }

        /** An entry without fallbacks. */
        public ModelEntry(String alias, String id, String family, String task, boolean vision, int contextWindow,
                          int maxOutputTokens, PriceEntry price) {
            this(alias, id, family, task, vision, contextWindow, maxOutputTokens, price, List.of());
        }
    }

    /**
     * What a model takes through the Converse API, where it differs from the defaults for its id (AWS's "supported
     * models and model features" table); a key left out keeps the default.
     *
     * @param systemPrompt whether Converse's system field is accepted; false folds it into the first user turn
     * @param documents    whether document blocks are accepted
     * @param topK         the model's top-k field in additionalModelRequestFields ("top_k", "k", a dotted path such
     *                     as "inferenceConfig.topK"), or "none"
     */
    public record ConverseEntry(Boolean systemPrompt, Boolean documents, String topK) {
    }

    /**
     * One place a model is served from; every field left out takes the gateway's own setting.
     *
     * @param name     unique within the model; defaults to the region, else "default"
     * @param region   AWS region
     * @param endpoint endpoint override (a VPC endpoint, another account's proxy, an emulator)
     * @param profile  AWS credentials profile
     * @param roleArn  IAM role to assume
     * @param modelId  what Bedrock is called with here: a provisioned-throughput or inference-profile ARN
     * @param weight   share of the model's requests among its healthy deployments
     */
    public record DeploymentEntry(String name, String region, URI endpoint, String profile, String roleArn,
                                  String modelId, @DefaultValue("1") int weight) {
    }

    /** USD prices of one model; absent prices count as zero. */
    public record PriceEntry(
            @DefaultValue("0") double inputPer1k,
            @DefaultValue("0") double outputPer1k,
            @DefaultValue("0") double perImage,
            Double perImageHighSteps) {
    }

    /**
     * A named route: a strategy that orders catalog models, tried in that order until one answers.
     *
     * @param strategy priority (configured order), weighted, cheapest or fastest
     * @param targets  catalog aliases, first choice first
     * @param weights  for weighted: weight per alias (default 1)
     * @param sticky   for weighted: the same metadata.user always gets the same first choice
     */
    public record RouteEntry(@DefaultValue("priority") String strategy, List<String> targets,
                             Map<String, Integer> weights, @DefaultValue("false") boolean sticky) {
        @ConstructorBinding
        public RouteEntry {
            targets = targets == null ? List.of() : List.copyOf(targets);
            weights = weights == null ? Map.of() : Map.copyOf(weights);
        }

        /** A priority route over these targets. */
        public RouteEntry(List<String> targets) {
            this("priority", targets, Map.of(), false);
        }
    }

    /**
     * A routing rule: when every condition given matches, the request takes the rule's route.
     * Rules are tried in order; the first match wins.
     *
     * @param route           the route to take
     * @param task            chat or image
     * @param headers         request headers that must have these values (names case-insensitive)
     * @param tags            metadata.tags that must have these values
     * @param minInputTokens  the prompt's estimated tokens must be at least this
     * @param maxInputTokens  ... and at most this
     */
    public record RuleEntry(String route, String task, Map<String, String> headers, Map<String, String> tags,
                            Integer minInputTokens, Integer maxInputTokens) {
        public RuleEntry {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    /**
     * Guards per model: circuit breaker, bulkhead, time limit, retry.
     *
     * @param defaults settings for every model (each left-out field takes the built-in default)
     * @param models   per-alias settings over the defaults
     */
    public record Resilience(GuardEntry defaults, Map<String, GuardEntry> models) {
        public Resilience {
            defaults = defaults == null ? GuardEntry.NONE : defaults;
            models = models == null ? Map.of() : Map.copyOf(models);
        }
    }

    /**
     * The guards of one model as written; every field may be left out (null) and then takes the defaults'. What
     * each means, and the built-in defaults, are in {@code resilience.GuardSettings}.
     */
    public record GuardEntry(
            Float failureRateThreshold,
            Float slowCallRateThreshold,
            Duration slowCallDuration,
            Integer slidingWindowSize,
            Integer minimumCalls,
            Duration waitInOpen,
            Integer halfOpenCalls,
            Integer maxConcurrentCalls,
            Duration bulkheadWait,
            Duration timeLimit,
            Duration firstChunkTimeLimit,
            Integer retryAttempts,
            Duration retryBackoff,
            Duration retryMaxBackoff) {

        public static final GuardEntry NONE = new GuardEntry(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }
}
