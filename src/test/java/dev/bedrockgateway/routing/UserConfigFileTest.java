package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A user's file replaces the built-in one instead of merging into it: a file that lists two models starts (merged,
 * the built-in image route would still name sdxl and stop the start-up) and the gateway serves exactly those two.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.backend=emulator",
        "gateway.config-file=target/user-config-test/gateway.yml"
})
class UserConfigFileTest extends GatewayHttpTest {

    private static final Path FILE = Path.of("target", "user-config-test", "gateway.yml");

    @BeforeAll
    static void writeTheUsersFile() {
        ConfigFiles.write(FILE, """
                gateway:
                  models:
                    - alias: llama3-8b
                      id: meta.llama3-8b-instruct-v1:0
                      max-output-tokens: 2048
                    - alias: claude-3-haiku
                      id: anthropic.claude-3-haiku-20240307-v1:0
                      context-window: 200000
                  routes:
                    chat:
                      targets: [claude-3-haiku, llama3-8b]
                  default-routes:
                    chat: chat
                """);
    }

    @Test
    void startsWithTwoModelsAndServesBoth() throws Exception {
        assertThat(get("/v1/models").json().get("data").findValuesAsString("id"))
                .containsExactly("llama3-8b", "claude-3-haiku");
        for (String model : new String[] {"llama3-8b", "claude-3-haiku"}) {
            Answer answer = post("/v1/generate", "{\"model\":\"" + model + "\",\"prompt\":\"Hi\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("alias").asString()).isEqualTo(model);
        }
        assertThat(post("/v1/generate", "{\"prompt\":\"Hi\"}").json().get("alias").asString())
                .isEqualTo("claude-3-haiku");
        assertThat(get("/v1/routes").json().get("routes").findValuesAsString("name")).containsExactly("chat");
    }
}
