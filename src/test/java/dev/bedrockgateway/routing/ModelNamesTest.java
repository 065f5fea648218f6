package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.InvalidConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A catalog entry's {@code names}: more names the model answers to, each unique in the whole catalog. */
class ModelNamesTest {

    private static ModelEntry entry(String alias, String id, List<String> names) {
        return new ModelEntry(alias, id, null, "chat", false, 8192, 2048, null, List.of(), null, null, List.of(),
                names);
    }

    @Test
    void aModelAnswersToItsOtherNames() {
        ModelCatalog catalog = RouteTableCompiler.catalog(List.of(
                entry("haiku", "anthropic.claude-3-haiku-20240307-v1:0", List.of("claude-3-haiku-20240307")),
                entry("llama", "meta.llama3-8b-instruct-v1:0", null)));

        assertThat(catalog.resolve("claude-3-haiku-20240307").alias()).isEqualTo("haiku");
        assertThat(catalog.resolve("claude-3-haiku-20240307").id()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
        assertThat(catalog.byAlias("claude-3-haiku-20240307")).as("a name is not an alias").isNull();
    }

    @Test
    void refusesANameAnotherModelAlreadyHas() {
        assertThatThrownBy(() -> RouteTableCompiler.catalog(List.of(
                entry("haiku", "anthropic.claude-3-haiku-20240307-v1:0", null),
                entry("llama", "meta.llama3-8b-instruct-v1:0", List.of("haiku")))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gateway.models[1].names[0]")
                .hasMessageContaining("already used by gateway.models[0]");
        assertThatThrownBy(() -> RouteTableCompiler.catalog(List.of(
                entry("haiku", "anthropic.claude-3-haiku-20240307-v1:0", List.of(" ")))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gateway.models[0].names[0]");
    }
}
