package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import org.junit.jupiter.api.Test;

/** The defaults from source (mode none, no admin key): models open to all, the admin API off but for the reload. */
class AdminOffHttpTest extends GatewayHttpTest {

    @Test
    void withNoAdminKeyTheAdminApiIsOffButTheReloadStaysOpen() throws Exception {
        Answer keys = get("/admin/v1/keys");
        assertThat(keys.status()).isEqualTo(403);
        assertThat(keys.header("Content-Type")).startsWith("application/problem+json");
        assertThat(keys.json().get("detail").asString()).contains("GATEWAY_ADMIN_KEY");
        assertThat(post("/admin/v1/teams", "{\"name\":\"a\"}").status()).isEqualTo(403);

        assertThat(post("/admin/v1/reload", "").status()).isEqualTo(200);
    }

    @Test
    void withKeysOffNoKeyIsAsked() throws Exception {
        Answer answer = post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}");
        assertThat(answer.status()).isEqualTo(200);
    }
}
