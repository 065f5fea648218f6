package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.telemetry.MeterNames;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@code POST /admin/v1/reload} on a running gateway whose configuration file the test edits: a new route answers
 * without a restart, a broken file is refused while the old table keeps serving, and a model whose settings did not
 * change keeps its breaker. The file watch is off here ({@link ConfigFileWatchTest} covers it), so only the
 * endpoint reloads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=emulator",
        "gateway.bedrock.max-attempts=1",
        "gateway.config-file=target/config-reload-test/gateway.yml",
        "gateway.reload.watch-interval=0s"
})
class ConfigReloadTest extends GatewayHttpTest {

    private static final Path FILE = Path.of("target", "config-reload-test", "gateway.yml");

    @Autowired
    MeterRegistry meters;

    /** Before the context starts (the extension starts it with the first test instance). */
    @BeforeAll
    static void startFromTheBuiltInFile() {
        ConfigFiles.write(FILE, ConfigFiles.builtIn());
    }

    @AfterEach
    void restoreTheBuiltInFile() throws Exception {
        ConfigFiles.write(FILE, ConfigFiles.builtIn());
        assertThat(reload().status()).isEqualTo(200);
    }

    @Test
    void aRouteAddedToTheFileAnswersAfterAReload() throws Exception {
        assertThat(post("/v1/generate", "{\"route\":\"fresh\",\"prompt\":\"Hi\"}").status()).isEqualTo(404);

        ConfigFiles.write(FILE, ConfigFiles.builtInWithRoute("fresh", "llama3-8b"));
        Answer reloaded = reload();

        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        assertThat(reloaded.json().get("outcome").asString()).isEqualTo("applied");
        assertThat(reloaded.json().get("routes").asInt()).isEqualTo(3);
        Answer answer = post("/v1/generate", "{\"route\":\"fresh\",\"prompt\":\"Hi\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("X-Gateway-Route")).isEqualTo("fresh");
        assertThat(answer.json().get("alias").asString()).isEqualTo("llama3-8b");
        assertThat(get("/v1/routes").json().get("routes").findValuesAsString("name")).contains("fresh");
    }

    @Test
    void aBrokenFileIsRefusedNamingTheKeyAndTheOldTableKeepsServing() throws Exception {
        double refusedBefore = reloads("refused");
        RouteTable before = tables.current();
        ConfigFiles.write(FILE, ConfigFiles.builtIn().replace(
                "targets: [claude-3-sonnet, llama3-70b, mistral-large]", "targets: [claude-3-sonnet, gpt-9]"));

        Answer refused = reload();

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("key").asString()).isEqualTo("gateway.routes.chat.targets[1]");
        assertThat(refused.json().get("detail").asString()).contains("gpt-9");
        assertThat(tables.current()).isSameAs(before);
        Answer served = post("/v1/generate", "{\"prompt\":\"Hi\"}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.header("X-Gateway-Route")).isEqualTo("chat");
        assertThat(reloads("refused")).isEqualTo(refusedBefore + 1);
        assertThat(get("/actuator/prometheus").body()).contains("gateway_config_reloads_total{outcome=\"refused\"}");
    }

    @Test
    void aValueThatDoesNotBindIsRefusedNamingItsKey() throws Exception {
        ConfigFiles.write(FILE, ConfigFiles.builtIn().replaceFirst("max-output-tokens: 2048", "max-output-tokens: lots"));

        Answer refused = reload();

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("key").asString()).isEqualTo("gateway.models[0].max-output-tokens");
    }

    @Test
    void yamlThatDoesNotParseIsRefused() throws Exception {
        ConfigFiles.write(FILE, ConfigFiles.builtIn() + "\n  routes: [unclosed\n");

        Answer refused = reload();

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("key").asString()).isEqualTo("gateway.config-file");
        assertThat(refused.json().get("detail").asString()).contains("not valid YAML");
    }

    @Test
    void aModelWhoseSettingsDidNotChangeKeepsItsOpenBreaker() throws Exception {
        CircuitBreaker unchanged = guards.forModel("llama3-8b").breaker();
        unchanged.transitionToOpenState();
        guards.forModel("claude-3-haiku").breaker().transitionToOpenState();
        assertThat(get("/v1/models/llama3-8b").json().get("circuit").asString()).isEqualTo("open");

        // Haiku's settings change (a smaller output limit); Llama 3 8B's do not, though a route now names it.
        ConfigFiles.write(FILE, ConfigFiles.builtInWithRoute("fresh", "llama3-8b").replace(
                "id: anthropic.claude-3-haiku-20240307-v1:0\n      vision: true\n      context-window: 200000\n"
                        + "      max-output-tokens: 4096",
                "id: anthropic.claude-3-haiku-20240307-v1:0\n      vision: true\n      context-window: 200000\n"
                        + "      max-output-tokens: 2048"));
        Answer reloaded = reload();

        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        assertThat(reloaded.json().get("unchanged").toString()).contains("\"llama3-8b\"")
                .doesNotContain("claude-3-haiku");
        assertThat(guards.forModel("llama3-8b").breaker()).isSameAs(unchanged);
        assertThat(get("/v1/models/llama3-8b").json().get("circuit").asString()).isEqualTo("open");
        assertThat(get("/v1/models/claude-3-haiku").json().get("circuit").asString()).isEqualTo("closed");
        assertThat(get("/v1/models/claude-3-haiku").json().get("max_output_tokens").asInt()).isEqualTo(2048);
    }

    private Answer reload() throws Exception {
        return post("/admin/v1/reload", "");
    }

    private double reloads(String outcome) {
        return meters.get(MeterNames.CONFIG_RELOADS).tag("outcome", outcome).counter().count();
    }
}
