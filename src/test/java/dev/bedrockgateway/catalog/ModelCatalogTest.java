package dev.bedrockgateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.ConverseEntry;
import dev.bedrockgateway.config.GatewayProperties.DeploymentEntry;
import dev.bedrockgateway.config.GatewayProperties.ModelEntry;
import dev.bedrockgateway.config.GatewayProperties.PriceEntry;
import dev.bedrockgateway.config.InvalidConfigurationException;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Task;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final String PROVISIONED_ARN = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123";

    private final ModelCatalog catalog = from(properties(
            entry("claude-3-sonnet", "anthropic.claude-3-sonnet-20240229-v1:0", null, Task.CHAT),
            entry("llama3-8b", "meta.llama3-8b-instruct-v1:0", null, Task.CHAT),
            entry("my-llama", PROVISIONED_ARN, ModelFamily.META, Task.CHAT),
            entry("sdxl", "stability.stable-diffusion-xl-v1", null, Task.IMAGE),
            entry("titan", "amazon.titan-text-express-v1", null, Task.CHAT)));

    @Test
    void resolvesAliasesAndIds() {
        assertThat(catalog.resolve("claude-3-sonnet").id()).isEqualTo("anthropic.claude-3-sonnet-20240229-v1:0");
        assertThat(catalog.resolve("meta.llama3-8b-instruct-v1:0").alias()).isEqualTo("llama3-8b");
    }

    @Test
    void takesTheFamilyFromTheIdUnlessConfigured() {
        assertThat(catalog.resolve("claude-3-sonnet").family()).isEqualTo(ModelFamily.ANTHROPIC);
        assertThat(catalog.resolve("sdxl").family()).isEqualTo(ModelFamily.STABILITY);
        assertThat(catalog.resolve("titan").family()).isEqualTo(ModelFamily.CONVERSE);
        assertThat(catalog.resolve("titan").provider()).isEqualTo("amazon");
        assertThat(catalog.resolve(PROVISIONED_ARN).family()).isEqualTo(ModelFamily.META);
    }

    @Test
    void callsACrossRegionProfileOfACatalogModelUnderTheProfileId() {
        ModelSpec spec = catalog.resolve("eu.anthropic.claude-3-sonnet-20240229-v1:0");

        assertThat(spec.id()).isEqualTo("eu.anthropic.claude-3-sonnet-20240229-v1:0");
        assertThat(spec.alias()).isEqualTo("claude-3-sonnet");
        assertThat(spec.family()).isEqualTo(ModelFamily.ANTHROPIC);
    }

    @Test
    void resolvesFoundationModelAndInferenceProfileArns() {
        String foundation = "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0";
        String profile = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-8b-instruct-v1:0";

        assertThat(catalog.resolve(foundation).alias()).isEqualTo("llama3-8b");
        assertThat(catalog.resolve(foundation).id()).isEqualTo(foundation);
        assertThat(catalog.resolve(profile).alias()).isEqualTo("llama3-8b");
    }

    @Test
    void refusesAnUnknownModelWith404() {
        assertThatThrownBy(() -> catalog.resolve("anthropic.claude-9"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND))
                .hasMessageContaining("anthropic.claude-9");
    }

    @Test
    void demandsAFamilyForAnOpaqueArn() {
        assertThatThrownBy(() -> from(properties(entry("x", PROVISIONED_ARN, null, Task.CHAT))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gateway.models[0].family");
    }

    @Test
    void refusesWrongEntriesNamingTheKey() {
        assertThatThrownBy(() -> from(properties(entry("x", " ", null, Task.CHAT))))
                .hasMessageContaining("gateway.models[0].id");
        assertThatThrownBy(() -> from(properties(
                entry("a", "meta.llama3-8b-instruct-v1:0", null, Task.CHAT),
                entry("a", "meta.llama3-70b-instruct-v1:0", null, Task.CHAT))))
                .hasMessageContaining("gateway.models[1]").hasMessageContaining("already used");
        assertThatThrownBy(() -> from(properties(
                entry("sdxl", "stability.stable-diffusion-xl-v1", null, Task.CHAT))))
                .hasMessageContaining("gateway.models[0].task");
        assertThatThrownBy(() -> from(properties(new ModelEntry("a", "meta.llama3-8b-instruct-v1:0",
                null, "chat", false, 8192, 4096, new PriceEntry(-1, 0, 0, null)))))
                .hasMessageContaining("gateway.models[0].price.input-per-1k = -1.0");
        assertThatThrownBy(() -> from(properties(new ModelEntry("a", "meta.llama3-8b-instruct-v1:0",
                null, "chat", false, 1000, 2000, null))))
                .hasMessageContaining("gateway.models[0].max-output-tokens = 2000");
    }

    /**
     * Without a converse block a model has the features of AWS's Converse table
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html):
     * Titan no system prompt, and Titan's stop-sequence rule.
     */
    @Test
    void givesAModelWithoutDeploymentsTheGatewaysOwnClient() {
        assertThat(catalog.resolve("llama3-8b").deployments()).containsExactly(Deployment.DEFAULT);
        assertThat(Deployment.DEFAULT.usesDefaultClient()).isTrue();
    }

    @Test
    void namesEachDeploymentByItsRegionUnlessNamed() {
        ModelCatalog pooled = from(properties(deployed(
                new DeploymentEntry(null, "us-east-1", null, null, null, null, 1),
                new DeploymentEntry("west-provisioned", "us-west-2", URI.create("http://127.0.0.1:9"), null, null,
                        PROVISIONED_ARN, 3))));

        List<Deployment> deployments = pooled.resolve("pooled").deployments();
        assertThat(deployments).extracting(Deployment::name).containsExactly("us-east-1", "west-provisioned");
        assertThat(deployments.get(0).callId("meta.llama3-8b-instruct-v1:0")).isEqualTo("meta.llama3-8b-instruct-v1:0");
        assertThat(deployments.get(1).callId("meta.llama3-8b-instruct-v1:0")).isEqualTo(PROVISIONED_ARN);
        assertThat(deployments.get(1).weight()).isEqualTo(3);
        assertThat(deployments.get(1).usesDefaultClient()).isFalse();
    }

    @Test
    void refusesTwoDeploymentsOfOneNameOrANonPositiveWeightNamingTheKey() {
        assertThatThrownBy(() -> from(properties(deployed(
                new DeploymentEntry(null, "us-east-1", null, null, null, null, 1),
                new DeploymentEntry("us-east-1", "us-west-2", null, null, null, null, 1)))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gateway.models[0].deployments[1].name");
        assertThatThrownBy(() -> from(properties(deployed(
                new DeploymentEntry("a", null, null, null, null, null, 0)))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gateway.models[0].deployments[0].weight");
    }

    private static ModelEntry deployed(DeploymentEntry... deployments) {
        return new ModelEntry("pooled", "meta.llama3-8b-instruct-v1:0", null, "chat", false, 8192, 2048, null,
                List.of(), null, null, List.of(deployments));
    }

    @Test
    void givesEachModelItsConverseFeaturesFromTheTable() {
        ModelSpec titan = catalog.resolve("titan");
        assertThat(titan.converse().systemPrompt()).isFalse();
        assertThat(titan.converse().topKField()).isNull();
        assertThat(titan.converse().stopSequences()).isEqualTo(ConverseFeatures.TITAN_STOP_SEQUENCES);
        assertThat(catalog.resolve("claude-3-sonnet").converse().systemPrompt()).isTrue();
        assertThat(catalog.resolve("claude-3-sonnet").converse().topKField()).isEqualTo("top_k");
        assertThat(catalog.resolve("eu.anthropic.claude-3-sonnet-20240229-v1:0").converse().topKField())
                .isEqualTo("top_k");
    }

    @Test
    void takesConverseFeaturesFromTheEntryOverTheTable() {
        ModelCatalog configured = from(properties(withConverse("jamba", "ai21.jamba-1-5-large-v1:0",
                new ConverseEntry(false, null, "top_k")), withConverse("nova", "amazon.nova-pro-v1:0",
                new ConverseEntry(null, null, "none"))));

        assertThat(configured.resolve("jamba").converse().systemPrompt()).isFalse();
        assertThat(configured.resolve("jamba").converse().documents()).isTrue();
        assertThat(configured.resolve("jamba").converse().topKField()).isEqualTo("top_k");
        assertThat(configured.resolve("nova").converse().topKField()).isNull();
        assertThat(configured.resolve("nova").converse().systemPrompt()).isTrue();
    }

    @Test
    void refusesATopKFieldThatIsNoFieldNamingTheKey() {
        assertThatThrownBy(() -> from(properties(withConverse("jamba", "ai21.jamba-1-5-large-v1:0",
                new ConverseEntry(null, null, "top k")))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("gateway.models[0].converse.top-k = top k");
    }

    private static ModelEntry withConverse(String alias, String id, ConverseEntry converse) {
        return new ModelEntry(alias, id, null, "chat", false, 8192, 2048, null, List.of(), null, converse);
    }

    static ModelEntry entry(String alias, String id, ModelFamily family, Task task) {
        return new ModelEntry(alias, id, family == null ? null : family.wireName(), task.wireName(), false, 8192, 2048, new PriceEntry(0.001, 0.002, 0.04, null));
    }

    /** The catalog compiled from these settings, as a route table holds it. */
    static ModelCatalog from(GatewayProperties properties) {
        return dev.bedrockgateway.routing.RouteTableCompiler.catalog(properties.models());
    }

    static GatewayProperties properties(ModelEntry... entries) {
        return new GatewayProperties(GatewayProperties.Backend.EMULATOR, null, null, List.of(entries), Map.of(), List.of(), Map.of(), null);
    }
}
