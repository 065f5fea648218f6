package dev.bedrockgateway.access;

import dev.bedrockgateway.RunningGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest.Answer;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/usage} while the spend counters' Redis cannot be reached (a port nothing listens on): the caller is
 * told, with a 503 {@code usage_unavailable} and Retry-After, that its spend cannot be read now; never a 500. Found by
 * probing the packaged jar with a replica pointed at a dead Redis.
 */
class UsageStoreDownHttpTest {

    private static final String ADMIN_KEY = "admin-key-of-usage-store-down-test";

    @Test
    void usageSaysItsSpendCannotBeReadWhileRedisIsDown() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        try (RunningGateway gateway = RunningGateway.start("--gateway.auth.mode=keys",
                "--gateway.admin.key=" + ADMIN_KEY, "--gateway.store.redis.url=redis://127.0.0.1:" + closed + "/0",
                "--gateway.store.redis.timeout=200ms")) {
            String team = "t-" + Long.toHexString(System.nanoTime());
            assertThat(gateway.send("POST", "/admin/v1/teams", ADMIN_KEY, "{\"name\":\"" + team + "\"}").status())
                    .isEqualTo(201);
            String key = gateway.send("POST", "/admin/v1/keys", ADMIN_KEY, "{\"name\":\"k\",\"team\":\"" + team
                    + "\",\"daily_budget_usd\":5}").json().get("key").asString();

            Answer usage = gateway.send("GET", "/v1/usage", key, null);

            assertThat(usage.status()).as(usage.body()).isEqualTo(503);
            assertThat(usage.json().get("code").asString()).isEqualTo("usage_unavailable");
            assertThat(usage.header("Retry-After")).isEqualTo("1");
            assertThat(gateway.send("GET", "/v1/usage", "gk_unknown", null).status()).as("a bad key is still a 401")
                    .isEqualTo(401);
        }
    }
}
