package dev.bedrockgateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.core.Task;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which models may call tools: AWS's Converse table by default, configuration when it says otherwise. */
class ToolSupportTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            anthropic.claude-3-sonnet-20240229-v1:0,   ANTHROPIC, STREAMING
            anthropic.claude-3-5-sonnet-20240620-v1:0, CONVERSE,  STREAMING
            anthropic.claude-v2:1,                     CONVERSE,  NONE
            cohere.command-r-plus-v1:0,                COHERE,    STREAMING
            cohere.command-text-v14,                   CONVERSE,  NONE
            mistral.mistral-large-2402-v1:0,           MISTRAL,   WHOLE
            mistral.mistral-7b-instruct-v0:2,          CONVERSE,  NONE
            meta.llama3-8b-instruct-v1:0,              META,      NONE
            meta.llama3-70b-instruct-v1:0,             META,      NONE
            meta.llama3-1-70b-instruct-v1:0,           CONVERSE,  WHOLE
            amazon.titan-text-express-v1,              CONVERSE,  NONE
            amazon.nova-pro-v1:0,                      CONVERSE,  STREAMING
            ai21.jamba-1-5-large-v1:0,                 CONVERSE,  STREAMING
            """)
    void followsAwssConverseModelTable(String id, ModelFamily family, ToolSupport expected) {
        assertThat(ToolSupport.defaultFor(id, family)).isEqualTo(expected);
    }

    @Test
    void judgesAnOpaqueArnByItsFamily() {
        assertThat(ToolSupport.defaultFor(null, ModelFamily.ANTHROPIC)).isEqualTo(ToolSupport.STREAMING);
        assertThat(ToolSupport.defaultFor(null, ModelFamily.META)).isEqualTo(ToolSupport.NONE);
    }

    @Test
    void configurationOverridesTheDefaultAndProfilesKeepIt() {
        ModelCatalog catalog = ModelCatalogTest.from(ModelCatalogTest.properties(
                new ModelEntry("llama", "meta.llama3-8b-instruct-v1:0", null, "chat", false, 8192, 2048, null,
                        List.of(), "whole"),
                new ModelEntry("haiku", "anthropic.claude-3-haiku-20240307-v1:0", null, "chat", true, 200_000,
                        4096, null)));

        assertThat(catalog.byAlias("llama").tools()).isEqualTo(ToolSupport.WHOLE);
        assertThat(catalog.byAlias("haiku").tools()).isEqualTo(ToolSupport.STREAMING);
        assertThat(catalog.resolve("us.anthropic.claude-3-haiku-20240307-v1:0").tools()).isEqualTo(ToolSupport.STREAMING);
    }
}
