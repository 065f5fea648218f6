package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Task;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every family's adapter, found by family; start-up fails if a family has none. */
@Component
public class ModelAdapters {

    private final Map<ModelFamily, ModelAdapter> byFamily = new EnumMap<>(ModelFamily.class);

    public ModelAdapters(List<ModelAdapter> adapters) {
        for (ModelAdapter adapter : adapters) {
            ModelAdapter earlier = byFamily.put(adapter.family(), adapter);
            if (earlier != null) {
                throw new IllegalStateException("Two adapters for family " + adapter.family() + ": "
                        + earlier.getClass().getName() + " and " + adapter.getClass().getName());
            }
        }
        for (ModelFamily family : ModelFamily.values()) {
            // embedding families have adapters of their own kind (EmbeddingAdapters)
            if (family.task() != Task.EMBED && !byFamily.containsKey(family)) {
                throw new IllegalStateException("No adapter for family " + family);
            }
        }
    }

    public ModelAdapter forFamily(ModelFamily family) {
        return byFamily.get(family);
    }

    /**
     * The adapter for one call: the model's family's, except that anything about tools goes through Converse, which
     * maps tool definitions, calls and results the same way for every model Bedrock lets call tools.
     */
    public ModelAdapter forRequest(GenerationRequest request, ModelSpec model) {
        return byFamily.get(request.usesTools() ? ModelFamily.CONVERSE : model.family());
    }
}
