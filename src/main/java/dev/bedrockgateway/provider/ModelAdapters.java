package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Task;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every family's adapter, found by family; start-up fails if a family has none. */
@Component
public class ModelAdapters {

    private final Map<ModelFamily, ModelAdapter> byFamily;

    public ModelAdapters(List<ModelAdapter> adapters) {
        // embedding families have adapters of their own kind (EmbeddingAdapters)
        byFamily = FamilyIndex.of("adapter", adapters, ModelAdapter::family, family -> family.task() != Task.EMBED);
    }

    public ModelAdapter forFamily(ModelFamily family) {
        return byFamily.get(family);
    }

    /** The adapter that counts tokens for every model: CountTokens takes the Converse form of a request. */
    public ModelAdapter forCounting() {
        return byFamily.get(ModelFamily.CONVERSE);
    }

    /**
     * The adapter for one call: the model's family's, except that anything about tools goes through Converse, which
     * maps tool definitions, calls and results the same way for every model Bedrock lets call tools; structured outputs
     * are a forced tool call, so they go there too.
     */
    public ModelAdapter forRequest(GenerationRequest request, ModelSpec model) {
        boolean converse = request.usesTools() || request.responseFormat() != null;
        return byFamily.get(converse ? ModelFamily.CONVERSE : model.family());
    }
}
