package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The PostgreSQL key store against a real server on 127.0.0.1:5432 (database test, user postgres, trust auth), in a
 * schema of its own per run; skipped, saying why, where no server answers there.
 */
class PostgresKeyStoreTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String SCHEMA = "gateway_test_" + Long.toHexString(System.nanoTime());

    private static PostgresKeyStore store;
    private static PostgresKeyStore otherReplica;

    @BeforeAll
    static void connect() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 500);
        } catch (Exception unreachable) {
            Assumptions.abort("No PostgreSQL on 127.0.0.1:5432 (" + unreachable.getMessage()
                    + "): the PostgreSQL key store is not tested here");
        }
        StoreSettings.Postgres settings = new StoreSettings.Postgres(URL, "postgres", null, SCHEMA, 2);
        store = PostgresKeyStore.open(settings);
        // A second replica: its own pool and cache over the same tables; migrating again is a no-op.
        otherReplica = PostgresKeyStore.open(settings);
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (store == null) {
            return;
        }
        store.close();
        otherReplica.close();
        try (Connection connection = DriverManager.getConnection(URL, "postgres", null)) {
            connection.createStatement().execute("drop schema " + SCHEMA + " cascade");
        }
    }

    @Test
    void keepsKeysByHashRotatesWithGraceAndAuditsEveryWrite() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.createTeam("search", Limits.NONE, now, "admin");
        String secret = KeySecrets.newKey();
        AccessKey created = store.createKey("key_pg1", new NewKey("indexer", "search", List.of("llama3-*"), null,
                        null, null), KeySecrets.hash(secret), KeySecrets.prefix(secret), now, "admin");

        assertThat(store.findBySecretHash(KeySecrets.hash(secret), now)).contains(created);
        assertThat(store.key("key_pg1")).contains(created);
        assertThat(store.findBySecretHash(KeySecrets.hash(KeySecrets.newKey()), now)).isEmpty();

        String next = KeySecrets.newKey();
        store.rotate("key_pg1", KeySecrets.hash(next), KeySecrets.prefix(next), now.plusSeconds(60), now, "admin");
        assertThat(store.findBySecretHash(KeySecrets.hash(next), now)).isPresent();
        assertThat(store.findBySecretHash(KeySecrets.hash(secret), now)).as("in its grace").isPresent();
        assertThat(store.findBySecretHash(KeySecrets.hash(secret), now.plusSeconds(61))).as("after it").isEmpty();

        AccessKey revoked = store.revoke("key_pg1", now, "admin");
        assertThat(revoked.revokedAt()).isEqualTo(now);
        assertThat(store.findBySecretHash(KeySecrets.hash(next), now).orElseThrow().revokedAt()).isEqualTo(now);

        List<AuditRecord> audit = store.audit().stream().filter(entry -> entry.target().equals("key_pg1")).toList();
        assertThat(audit).extracting(AuditRecord::action).containsExactly("key.create", "key.rotate", "key.revoke");
        assertThat(audit.get(2).before()).contains("\"revoked_at\": null");
        assertThat(audit.toString()).doesNotContain(secret, next);
    }

    @Test
    void refusesAKeyOfAnUnknownTeamAndATeamTwiceWritingNothing() {
        Instant now = Instant.now();
        int auditBefore = store.audit().size();
        assertThatThrownBy(() -> store.createKey("key_pg2", new NewKey("x", "nobody", List.of("*"), null, null,
                        null), KeySecrets.hash(KeySecrets.newKey()), "gk_x", now, "admin"))
                .isInstanceOfSatisfying(GatewayException.class,
                        failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        store.createTeam("twice", Limits.NONE, now, "admin");
        assertThatThrownBy(() -> store.createTeam("twice", Limits.NONE, now, "admin"))
                .isInstanceOfSatisfying(GatewayException.class,
                        failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThat(store.key("key_pg2")).isEmpty();
        assertThat(store.audit()).hasSize(auditBefore + 1);
    }

    @Test
    void keepsLimitsOfTeamsAndKeysAndARefusedChangeWritesNothing() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Limits teamLimits = new Limits(100, 20_000, 3, new BigDecimal("5.5"), new BigDecimal("100.123456"));
        assertThat(store.createTeam("limited", teamLimits, now, "admin").limits()).isEqualTo(teamLimits);
        assertThat(otherReplica.team("limited").orElseThrow().limits()).isEqualTo(teamLimits);

        Limits keyLimits = new Limits(60, null, null, new BigDecimal("0.01"), null);
        Map<String, ModelLimits> perModel = Map.of("claude-3-sonnet", new ModelLimits(5, 1000));
        AccessKey created = store.createKey("key_pg4", new NewKey("k", "limited", List.of("*"), null, keyLimits,
                perModel), KeySecrets.hash(KeySecrets.newKey()), "gk_x", now, "admin");
        assertThat(otherReplica.key("key_pg4")).contains(created);
        assertThat(created.limitsFor("claude-3-sonnet")).isEqualTo(new ModelLimits(5, 1000));

        int auditBefore = store.audit().size();
        assertThatThrownBy(() -> store.updateKey("key_pg4", current -> {
            throw GatewayException.invalid("requests_per_minute", "refused");
        }, now, "admin")).isInstanceOf(GatewayException.class);
        assertThat(store.key("key_pg4")).contains(created);
        assertThat(store.audit()).hasSize(auditBefore);

        AccessKey updated = store.updateKey("key_pg4", current -> new NewKey("renamed", current.team(),
                current.models(), null, Limits.NONE, Map.of()), now, "admin");
        assertThat(otherReplica.key("key_pg4")).contains(updated);
        assertThat(updated.limits()).isEqualTo(Limits.NONE);
        Team team = store.updateTeam("limited", current -> new Limits(1, null, null, null, null), now, "admin");
        assertThat(otherReplica.team("limited")).contains(team);
        assertThat(store.audit()).hasSize(auditBefore + 2);

        assertThatThrownBy(() -> store.deleteTeam("limited", now, "admin"))
                .isInstanceOfSatisfying(GatewayException.class,
                        failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.CONFLICT));
        store.revoke("key_pg4", now, "admin");
        store.deleteTeam("limited", now, "admin");
        assertThat(store.team("limited")).isEmpty();
        assertThat(store.key("key_pg4")).isEmpty();
        assertThat(store.audit().subList(store.audit().size() - 2, store.audit().size()))
                .extracting(AuditRecord::action, AuditRecord::after)
                .containsExactly(tuple("key.delete", null),
                        tuple("team.delete", null));
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedByAnotherWithinASecond() {
        Instant now = Instant.now();
        store.createTeam("replicas", Limits.NONE, now, "admin");
        String secret = KeySecrets.newKey();
        store.createKey("key_pg3", new NewKey("shared", "replicas", List.of("*"), null, null, null), KeySecrets.hash(secret),
                KeySecrets.prefix(secret), now, "admin");
        KeyAuthenticator elsewhere = new KeyAuthenticator(otherReplica,
                new AccessSettings(List.of(AuthMode.KEYS), Duration.ofMillis(500), null, null, false), Clock.systemUTC());
        StepVerifier.create(elsewhere.authenticate(secret)).expectNextCount(1).verifyComplete();

        store.revoke("key_pg3", Instant.now(), "admin");

        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                StepVerifier.create(elsewhere.authenticate(secret))
                        .expectErrorSatisfies(error -> assertThat(((GatewayException) error).kind())
                                .isEqualTo(ErrorKind.INVALID_API_KEY))
                        .verify(Duration.ofSeconds(1)));
    }
}
