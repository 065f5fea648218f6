package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The watch reloads a running gateway when its configuration file changes, and refuses a broken one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=emulator",
        "gateway.bedrock.max-attempts=1",
        "gateway.config-file=target/config-watch-test/gateway.yml",
        "gateway.reload.watch-interval=100ms"
})
class ConfigFileWatchTest extends GatewayHttpTest {

    private static final Path FILE = Path.of("target", "config-watch-test", "gateway.yml");
    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Autowired
    MeterRegistry meters;

    @BeforeAll
    static void startFromTheBuiltInFile() {
        ConfigFiles.write(FILE, ConfigFiles.builtIn());
    }

    @AfterEach
    void restoreTheBuiltInFile() {
        ConfigFiles.write(FILE, ConfigFiles.builtIn());
        await().atMost(WITHIN).until(() -> !tables.current().routes().containsKey("watched"));
    }

    @Test
    void aRouteAddedToTheFileAnswersWithoutARestart() throws Exception {
        double appliedBefore = reloads("applied");

        ConfigFiles.write(FILE, ConfigFiles.builtInWithRoute("watched", "claude-3-haiku"));

        await().atMost(WITHIN).until(() -> post("/v1/generate", "{\"route\":\"watched\",\"prompt\":\"Hi\"}").status() == 200);
        Answer answer = post("/v1/generate", "{\"route\":\"watched\",\"prompt\":\"Hi\"}");
        assertThat(answer.json().get("alias").asString()).isEqualTo("claude-3-haiku");
        assertThat(reloads("applied")).isGreaterThan(appliedBefore);
    }

    @Test
    void aBrokenFileIsRefusedAndTheOldTableKeepsServing() throws Exception {
        double refusedBefore = reloads("refused");
        RouteTable before = tables.current();

        ConfigFiles.write(FILE, ConfigFiles.builtIn().replace("max-output-tokens: 2048", "max-output-tokens: lots"));

        await().atMost(WITHIN).until(() -> reloads("refused") > refusedBefore);
        assertThat(tables.current()).isSameAs(before);
        Answer served = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
    }

    private double reloads(String outcome) {
        return meters.get(MeterNames.CONFIG_RELOADS).tag("outcome", outcome).counter().count();
    }
}
