package dev.bedrockgateway.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether Bedrock lets a model call tools, and in which operations. The gateway sends tools only to models that take
 * them; the router skips the others.
 */
public enum ToolSupport {
    /** No tool use on Bedrock (Llama 3, Titan Text, Claude 2): a toolConfig is refused. */
    NONE,
    /** Tool use in whole answers only: ConverseStream refuses tools ("doesn't support tool use in streaming mode"). */
    WHOLE,
    /** Tool use in whole and streamed answers. */
    STREAMING;

    /**
     * The defaults by model-id prefix, most specific first, from AWS's "Supported models and model features" table
     * of the Converse API (columns "Tool use" and "Streaming tool use"). A model the table does not name gets
     * {@link #NONE}: a tool request is better refused by the gateway than by Bedrock after a call; configuration
     * ({@code tools:} in gateway.models) overrides it.
     */
    private static final List<Map.Entry<String, ToolSupport>> BY_ID_PREFIX = List.of(
            Map.entry("anthropic.claude-v", NONE),
            Map.entry("anthropic.claude-instant", NONE),
            Map.entry("anthropic.claude", STREAMING),
            Map.entry("cohere.command-r", STREAMING),
            Map.entry("meta.llama3-1", WHOLE),
            Map.entry("meta.llama3-2-11b", WHOLE),
            Map.entry("meta.llama3-2-90b", WHOLE),
            Map.entry("meta.llama3-3", WHOLE),
            Map.entry("meta.llama4", WHOLE),
            Map.entry("mistral.mistral-large", WHOLE),
            Map.entry("mistral.mistral-small", WHOLE),
            Map.entry("mistral.pixtral", WHOLE),
            Map.entry("ai21.jamba-1-5", STREAMING),
            Map.entry("amazon.nova", STREAMING));

    /** For an ARN that hides its model: what the family's models named above can do. */
    private static final Map<ModelFamily, ToolSupport> BY_FAMILY = Map.of(
            ModelFamily.ANTHROPIC, STREAMING,
            ModelFamily.COHERE, STREAMING,
            ModelFamily.MISTRAL, WHOLE);

    /**
     * What a model can do when its catalog entry does not say.
     *
     * @param baseModelId the plain model id, or null when its identifier hides it
     */
    public static ToolSupport defaultFor(String baseModelId, ModelFamily family) {
        if (baseModelId == null) {
            return BY_FAMILY.getOrDefault(family, NONE);
        }
        return ModelIds.byPrefix(BY_ID_PREFIX, baseModelId, NONE);
    }

    /** Whether it can call tools at all; streamed or not is asked with {@link #streams()}. */
    public boolean calls() {
        return this != NONE;
    }

    public boolean streams() {
        return this == STREAMING;
    }

    /** The lower-case name used in configuration. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
