package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.core.Task;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Every embedding family's adapter, found by family; start-up fails if an embedding family has none. */
@Component
public class EmbeddingAdapters {

    private final Map<ModelFamily, EmbeddingAdapter> byFamily = new EnumMap<>(ModelFamily.class);

    public EmbeddingAdapters(List<EmbeddingAdapter> adapters) {
        adapters.forEach(adapter -> byFamily.merge(adapter.family(), adapter, (earlier, later) -> {
            throw new IllegalStateException("Two embedding adapters for family " + later.family());
        }));
        for (ModelFamily family : ModelFamily.values()) {
            if (family.task() == Task.EMBED && !byFamily.containsKey(family)) {
                throw new IllegalStateException("No embedding adapter for family " + family);
            }
        }
    }

    public EmbeddingAdapter forFamily(ModelFamily family) {
        return byFamily.get(family);
    }
}
