package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest.Answer;
import dev.bedrockgateway.RunningGateway;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: "a revoked or rotated-out key is refused by every replica within one second". Two replicas share the local
 * PostgreSQL key store (a schema of this run's own) and keep the default key cache (gateway.auth.cache-ttl 500ms), so
 * both have the key cached when it is revoked on one of them. Skipped, saying why, where PostgreSQL is not running.
 */
class RevocationAcrossReplicasHttpTest {

    private static final String ADMIN_KEY = "admin-key-of-revocation-test";
    private static final String SCHEMA = "gateway_revocation_" + Long.toHexString(System.nanoTime());
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    /** The promise: the cache's 500 ms, with room for the requests themselves. */
    private static final Duration WITHIN = Duration.ofSeconds(1);

    private static RunningGateway first;
    private static RunningGateway second;

    @BeforeAll
    static void startTwoReplicas() {
        RunningGateway.assumeListening(5432, "PostgreSQL");
        String[] settings = {"--gateway.auth.mode=keys", "--gateway.admin.key=" + ADMIN_KEY,
                "--gateway.store.postgres.url=" + POSTGRES, "--gateway.store.postgres.username=postgres",
                "--gateway.store.postgres.schema=" + SCHEMA};
        first = RunningGateway.start(settings);
        second = RunningGateway.start(settings);
    }

    @AfterAll
    static void stopAndDropWhatTheRunMade() throws Exception {
        if (first == null) {
            return;
        }
        first.close();
        second.close();
        try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", null)) {
            connection.createStatement().execute("drop schema " + SCHEMA + " cascade");
        }
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedByBothWithinASecond() throws Exception {
        Answer created = newKey();
        String id = created.json().get("id").asString();
        String key = created.json().get("key").asString();
        // Both replicas know the key, and have it cached.
        assertThat(chat(first, key).status()).isEqualTo(200);
        assertThat(chat(second, key).status()).isEqualTo(200);

        assertThat(first.send("DELETE", "/admin/v1/keys/" + id, ADMIN_KEY, null).status()).isEqualTo(200);

        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(chat(first, key).status()).as("the replica that revoked it").isEqualTo(401);
            assertThat(chat(second, key).status()).as("the other replica").isEqualTo(401);
        });
    }

    @Test
    void aRotatedKeysOldSecretWorksOnBothDuringItsGraceAndNotAfterARotationWithout() throws Exception {
        Answer created = newKey();
        String id = created.json().get("id").asString();
        String old = created.json().get("key").asString();
        assertThat(chat(second, old).status()).isEqualTo(200);

        Answer graced = first.send("POST", "/admin/v1/keys/" + id + "/rotate", ADMIN_KEY, "{\"grace_seconds\":600}");
        assertThat(graced.status()).as(graced.body()).isEqualTo(200);
        String current = graced.json().get("key").asString();
        assertThat(chat(second, old).status()).as("old secret in its grace period").isEqualTo(200);
        assertThat(chat(second, current).status()).as("new secret, on the other replica").isEqualTo(200);

        // A rotation with no grace: the secret before it is refused everywhere within the second.
        assertThat(first.send("POST", "/admin/v1/keys/" + id + "/rotate", ADMIN_KEY, "{\"grace_seconds\":0}")
                .status()).isEqualTo(200);
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(chat(first, current).status()).isEqualTo(401);
            assertThat(chat(second, current).status()).isEqualTo(401);
        });
    }

    private static Answer newKey() throws Exception {
        String team = "t-" + Long.toHexString(System.nanoTime());
        assertThat(second.send("POST", "/admin/v1/teams", ADMIN_KEY, "{\"name\":\"" + team + "\"}").status())
                .isEqualTo(201);
        Answer created = second.send("POST", "/admin/v1/keys", ADMIN_KEY, "{\"name\":\"k\",\"team\":\"" + team
                + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private static Answer chat(RunningGateway gateway, String key) throws Exception {
        return gateway.send("POST", "/v1/chat/completions", key, "{\"model\":\"llama3-8b\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }
}
