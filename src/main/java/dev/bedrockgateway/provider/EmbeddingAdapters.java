package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.core.Task;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every embedding family's adapter, found by family; start-up fails if an embedding family has none. */
@Component
public class EmbeddingAdapters {

    private final Map<ModelFamily, EmbeddingAdapter> byFamily;

    public EmbeddingAdapters(List<EmbeddingAdapter> adapters) {
        byFamily = FamilyIndex.of("embedding adapter", adapters, EmbeddingAdapter::family,
                family -> family.task() == Task.EMBED);
    }

    public EmbeddingAdapter forFamily(ModelFamily family) {
        return byFamily.get(family);
    }
}
