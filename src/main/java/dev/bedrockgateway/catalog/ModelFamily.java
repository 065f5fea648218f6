package dev.bedrockgateway.catalog;

import dev.bedrockgateway.core.Task;
import java.util.List;
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
    STABILITY("stability", Task.IMAGE, null),
    CONVERSE("converse"),
    /** Titan Text Embeddings v2: 1,024 (default), 512 or 256 dimensions; up to 50,000 characters per text. */
    TITAN_EMBED("titan-embed", Task.EMBED, new EmbeddingLimits(List.of(1024, 512, 256), 50_000)),
    /** Cohere Embed v3 (English and multilingual): 1,024 dimensions; up to 2,048 characters per text. */
    COHERE_EMBED("cohere-embed", Task.EMBED, new EmbeddingLimits(List.of(1024), 2_048));

    private final String wireName;
    private final Task task;
    private final EmbeddingLimits embedding;

    ModelFamily(String wireName) {
        this(wireName, Task.CHAT, null);
    }

    ModelFamily(String wireName, Task task, EmbeddingLimits embedding) {
        this.wireName = wireName;
        this.task = task;
        this.embedding = embedding;
    }

    public String wireName() {
        return wireName;
    }

    /** The family a configuration names, by its wire name or constant name in any case; null when none is. */
    public static ModelFamily named(String name) {
        String wanted = name == null ? "" : name.strip();
        for (ModelFamily family : values()) {
            if (family.wireName.equalsIgnoreCase(wanted) || family.name().equalsIgnoreCase(wanted)) {
                return family;
            }
        }
        return null;
    }

    /** The one task every model of the family serves. */
    public Task task() {
        return task;
    }

    /** What an embedding family makes and takes; null for the other families. */
    public EmbeddingLimits embedding() {
        return embedding;
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
        if (id.startsWith("amazon.titan-embed-text-v2")) {
            return TITAN_EMBED;
        }
        if (id.startsWith("cohere.embed-")) {
            return COHERE_EMBED;
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
