package dev.bedrockgateway.catalog;

import java.util.Locale;

/**
 * A family of Bedrock models that share one native wire format, and so one adapter.
 * {@link #CONVERSE} is every other text model, reached through Bedrock's model-agnostic Converse API.
 */
public enum ModelFamily {
    META("meta"),
    MISTRAL("mistral"),
    COHERE("cohere"),
    ANTHROPIC("anthropic"),
    STABILITY("stability"),
    CONVERSE("converse");

    private final String wireName;

    ModelFamily(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The family whose native format a Bedrock model id speaks, judged from the id alone.
     * Ids that name no family with its own adapter go through Converse.
     *
     * @param baseModelId a model id without any cross-region prefix, e.g. "meta.llama3-8b-instruct-v1:0"
     */
    public static ModelFamily fromModelId(String baseModelId) {
        String id = baseModelId.toLowerCase(Locale.ROOT);
        if (id.startsWith("meta.llama3")) {
            return META;
        }
        if (id.startsWith("mistral.mistral-large-2402")) {
            return MISTRAL;
        }
        if (id.startsWith("cohere.command-r")) {
            return COHERE;
        }
        if (id.startsWith("anthropic.claude-3")) {
            return ANTHROPIC;
        }
        if (id.startsWith("stability.stable-diffusion-xl")) {
            return STABILITY;
        }
        return CONVERSE;
    }
}
