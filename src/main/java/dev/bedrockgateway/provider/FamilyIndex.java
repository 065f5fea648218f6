package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelFamily;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Adapters of one kind found by the family they serve, as both provider contracts (generation and embeddings) index
 * theirs: start-up fails on two adapters for one family, or on a family of that kind with none.
 */
final class FamilyIndex {

    private FamilyIndex() {
    }

    /**
     * @param kind    what the adapters are, for the start-up error ("adapter", "embedding adapter")
     * @param family  the family an adapter serves
     * @param served  the families this kind of adapter must cover
     */
    static <A> Map<ModelFamily, A> of(String kind, List<A> adapters, Function<A, ModelFamily> family,
                                      Predicate<ModelFamily> served) {
        Map<ModelFamily, A> byFamily = new EnumMap<>(ModelFamily.class);
        for (A adapter : adapters) {
            A earlier = byFamily.put(family.apply(adapter), adapter);
            if (earlier != null) {
                throw new IllegalStateException("Two " + kind + "s for family " + family.apply(adapter) + ": "
                        + earlier.getClass().getName() + " and " + adapter.getClass().getName());
            }
        }
        for (ModelFamily each : ModelFamily.values()) {
            if (served.test(each) && !byFamily.containsKey(each)) {
                throw new IllegalStateException("No " + kind + " for family " + each);
            }
        }
        return byFamily;
    }
}
