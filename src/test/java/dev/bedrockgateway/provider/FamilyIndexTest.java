package dev.bedrockgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.core.Task;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyIndexTest {

    private record Fake(ModelFamily family) {
    }

    private static List<Fake> oneForEachEmbeddingFamily() {
        return Arrays.stream(ModelFamily.values()).filter(family -> family.task() == Task.EMBED).map(Fake::new)
                .toList();
    }

    @Test
    void findsEachAdapterByItsFamily() {
        List<Fake> adapters = oneForEachEmbeddingFamily();

        var index = FamilyIndex.of("embedding adapter", adapters, Fake::family, family -> family.task() == Task.EMBED);

        adapters.forEach(adapter -> assertThat(index.get(adapter.family())).isSameAs(adapter));
    }

    @Test
    void refusesTwoAdaptersForOneFamily() {
        List<Fake> adapters = new java.util.ArrayList<>(oneForEachEmbeddingFamily());
        adapters.add(new Fake(adapters.get(0).family()));

        assertThatThrownBy(() -> FamilyIndex.of("embedding adapter", adapters, Fake::family,
                family -> family.task() == Task.EMBED))
                .hasMessageStartingWith("Two embedding adapters for family " + adapters.get(0).family());
    }

    @Test
    void refusesAFamilyOfItsKindWithNoAdapter() {
        List<Fake> adapters = oneForEachEmbeddingFamily();
        ModelFamily missing = adapters.get(0).family();

        assertThatThrownBy(() -> FamilyIndex.of("embedding adapter", adapters.subList(1, adapters.size()),
                Fake::family, family -> family.task() == Task.EMBED))
                .hasMessage("No embedding adapter for family " + missing);
    }
}
