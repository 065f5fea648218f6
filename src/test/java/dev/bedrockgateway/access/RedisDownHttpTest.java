package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest.Answer;
import dev.bedrockgateway.RunningGateway;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A configured Redis that cannot be reached (a port nothing listens on) gives the configured behaviour and never a
 * 500: open counts each replica's limits in its memory, closed refuses with 503 limits_unavailable. Health and the
 * metrics say which.
 */
class RedisDownHttpTest {

    private static final String ADMIN_KEY = "admin-key-of-redis-down-test";

    @Test
    void openCountsTheLimitsPerReplicaAndSaysSo() throws Exception {
        try (RunningGateway gateway = start("open")) {
            String key = newKey(gateway, "\"requests_per_minute\":2");
            assertThat(chat(gateway, key).status()).isEqualTo(200);
            Answer second = chat(gateway, key);
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.header("x-ratelimit-remaining-requests")).isEqualTo("0");
            Answer refused = chat(gateway, key);
            assertThat(refused.status()).as("the limit still holds, in this replica's memory").isEqualTo(429);
            assertThat(refused.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(chat(gateway, newKey(gateway, "\"tokens_per_minute\":100000")).status()).isEqualTo(200);

            Answer health = gateway.send("GET", "/actuator/health", null, null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().at("/components/limits/status").asString()).isEqualTo("UP");
            assertThat(health.json().at("/components/limits/details/store").asString())
                    .contains("memory (this replica only) while Redis cannot be reached");
            assertThat(health.body()).doesNotContain("not-the-password");
            String metrics = gateway.send("GET", "/actuator/prometheus", null, null).body();
            assertThat(metrics).contains("gateway_limits_store_up 0.0");
            assertThat(metrics).containsPattern("gateway_limits_store_unavailable_total\\{action=\"per_replica\"} 4.0");
        }
    }

    @Test
    void closedRefusesWith503InEachApisShape() throws Exception {
        try (RunningGateway gateway = start("closed")) {
            String key = newKey(gateway, "\"requests_per_minute\":100");
            Answer openAi = chat(gateway, key);
            assertThat(openAi.status()).isEqualTo(503);
            assertThat(openAi.json().at("/error/code").asString()).isEqualTo("limits_unavailable");
            assertThat(openAi.header("Retry-After")).isEqualTo("1");
            Answer nativeApi = gateway.send("POST", "/v1/generate", key, "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}");
            assertThat(nativeApi.status()).isEqualTo(503);
            assertThat(nativeApi.header("Content-Type")).startsWith("application/problem+json");
            assertThat(nativeApi.json().get("code").asString()).isEqualTo("limits_unavailable");
            assertThat(chat(gateway, newKey(gateway, null)).status()).as("a key with no limits needs no Redis")
                    .isEqualTo(200);

            Answer health = gateway.send("GET", "/actuator/health", null, null);
            assertThat(health.json().at("/components/limits/status").asString()).isEqualTo("DOWN");
            assertThat(gateway.send("GET", "/actuator/prometheus", null, null).body())
                    .containsPattern("gateway_limits_store_unavailable_total\\{action=\"refused\"} 2.0");
        }
    }

    private static RunningGateway start(String onStoreDown) throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        return RunningGateway.start("--gateway.auth.mode=keys", "--gateway.admin.key=" + ADMIN_KEY,
                "--gateway.store.redis.url=redis://:not-the-password@127.0.0.1:" + closed + "/0",
                "--gateway.store.redis.timeout=200ms", "--gateway.limits.on-store-down=" + onStoreDown,
                "--management.endpoint.health.show-details=always");
    }

    private static Answer chat(RunningGateway gateway, String key) throws Exception {
        return gateway.send("POST", "/v1/chat/completions", key,
                "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    /** A new key of a new team; {@code fields} are more JSON fields of its body, or null. */
    private static String newKey(RunningGateway gateway, String fields) throws Exception {
        String team = "t-" + Long.toHexString(System.nanoTime());
        assertThat(gateway.send("POST", "/admin/v1/teams", ADMIN_KEY, "{\"name\":\"" + team + "\"}").status())
                .isEqualTo(201);
        Answer created = gateway.send("POST", "/admin/v1/keys", ADMIN_KEY, "{\"name\":\"k\",\"team\":\"" + team
                + "\"" + (fields == null ? "" : "," + fields) + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asString();
    }
}
