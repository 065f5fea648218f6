package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import dev.bedrockgateway.GatewayHttpTest.Answer;
import dev.bedrockgateway.RunningGateway;
import dev.bedrockgateway.TcpForwarder;
import dev.bedrockgateway.TestPostgres;
import dev.bedrockgateway.telemetry.LogCapture;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Keys kept in PostgreSQL through an outage of it, over real HTTP: the gateway reaches PostgreSQL (a schema of this
 * run's own) through a forwarder the test stops and resumes. While it is down, a key read in the last
 * gateway.auth.stale-if-store-down keeps being served; a key not read before, and a well-formed key nobody can check,
 * get 503 identity_unavailable in each API's shape (a key that cannot be checked may be good: 503 says "try again",
 * where 401 would tell an SDK the key is wrong); a malformed key is 401 without asking the store; the admin API and
 * the chargeback report answer 503 store_unavailable naming PostgreSQL, while a served key's own usage comes from the
 * spend counters; never a 500, and no error in the log. Once PostgreSQL is back, everything answers as before.
 * Skipped, saying why, where PostgreSQL is not running.
 */
class KeysDuringStoreOutageHttpTest {

    private static final String ADMIN_KEY = "admin-key-of-store-outage-test";
    /** How long PostgreSQL's return may take to be seen: the pools' next connection attempt. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    final LogCapture log = new LogCapture();

    private static TestPostgres postgres;
    private static TcpForwarder forwarder;
    /** The default: a key read in the last 5 minutes keeps its answer. */
    private static RunningGateway gateway;
    /** gateway.auth.stale-if-store-down=0 (and no cache): no key is served while its store cannot be read. */
    private static RunningGateway strict;

    @BeforeAll
    static void startBehindTheForwarder() throws Exception {
        postgres = TestPostgres.orSkip("keys through a PostgreSQL outage");
        forwarder = new TcpForwarder(TestPostgres.HOST, TestPostgres.PORT);
        String[] settings = {"--gateway.auth.mode=keys", "--gateway.admin.key=" + ADMIN_KEY,
                "--gateway.store.postgres.url=jdbc:postgresql://127.0.0.1:" + forwarder.port() + "/test",
                "--gateway.store.postgres.username=postgres", "--gateway.store.postgres.schema=" + postgres.schema,
                "--gateway.ledger.flush-interval=100ms"};
        gateway = RunningGateway.start(settings);
        String[] noStale = Arrays.copyOf(settings, settings.length + 2);
        noStale[settings.length] = "--gateway.auth.stale-if-store-down=0s";
        // Every request reads its key: the one right after the cut, too, rather than one a cache TTL later.
        noStale[settings.length + 1] = "--gateway.auth.cache-ttl=0s";
        strict = RunningGateway.start(noStale);
    }

    /**
     * PostgreSQL is back for the next test once both gateways write to it again: a pooled connection the cut closed
     * may fail one call after it (Hikari checks only a connection idle for over 500 ms before lending it).
     */
    @AfterEach
    void postgresBack() throws Exception {
        forwarder.resume();
        for (RunningGateway replica : new RunningGateway[] {gateway, strict}) {
            await().atMost(BACK_WITHIN).until(() -> replica.send("POST", "/admin/v1/teams", ADMIN_KEY,
                    "{\"name\":\"t-" + Long.toHexString(System.nanoTime()) + "\"}").status() == 201);
        }
    }

    @AfterAll
    static void stopAndDropWhatTheRunMade() throws Exception {
        for (AutoCloseable started : new AutoCloseable[] {gateway, strict, forwarder}) {
            if (started != null) {
                started.close();
            }
        }
        if (postgres != null) {
            postgres.drop();
        }
    }

    @Test
    void aKeyReadBeforeTheOutageIsServedThroughItAndWhatCannotBeCheckedIsAClear503() throws Exception {
        String team = newTeam();
        JsonNode used = newKey(team);
        String usedKey = used.get("key").asString();
        String unusedKey = newKey(team).get("key").asString();
        assertThat(chat(usedKey).status()).isEqualTo(200);
        // Reads its spend counters (here in memory) from the ledger, so they are there during the outage.
        assertThat(gateway.send("GET", "/v1/usage", usedKey, null).status()).isEqualTo(200);

        forwarder.stop();

        Answer stale = chat(usedKey);
        assertThat(stale.status()).as("its last answer, read a moment ago: " + stale.body()).isEqualTo(200);
        assertThat(generate(usedKey).status()).isEqualTo(200);

        Answer openAi = chat(unusedKey);
        assertThat(openAi.status()).as(openAi.body()).isEqualTo(503);
        assertThat(openAi.json().at("/error/code").asString()).isEqualTo("identity_unavailable");
        assertThat(openAi.json().at("/error/type").asString()).isEqualTo("server_error");
        Answer nativeApi = generate(unusedKey);
        assertThat(nativeApi.status()).as(nativeApi.body()).isEqualTo(503);
        assertThat(nativeApi.header("Content-Type")).startsWith("application/problem+json");
        assertThat(nativeApi.json().get("code").asString()).isEqualTo("identity_unavailable");

        // Well-formed: it may be a key this replica never read, so it cannot be refused as wrong.
        Answer unknown = chat(KeySecrets.newKey());
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(503);
        assertThat(unknown.json().at("/error/code").asString()).isEqualTo("identity_unavailable");
        // Not a key of this gateway at all: wrong whether or not the store answers.
        Answer malformed = chat("gk_not-a-key");
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(401);
        assertThat(malformed.json().at("/error/code").asString()).isEqualTo("invalid_api_key");

        assertStoreUnavailable(gateway.send("POST", "/admin/v1/keys", ADMIN_KEY,
                "{\"name\":\"k\",\"team\":\"" + team + "\"}"));
        assertStoreUnavailable(gateway.send("DELETE", "/admin/v1/keys/" + used.get("id").asString(), ADMIN_KEY,
                null));
        assertStoreUnavailable(gateway.send("GET", "/admin/v1/keys", ADMIN_KEY, null));
        assertStoreUnavailable(gateway.send("GET", "/admin/v1/usage?group_by=team", ADMIN_KEY, null));
        // A caller's own usage comes from its spend counters, which need no PostgreSQL once they are there (a
        // caller whose counters are not there yet gets 503 store_unavailable: the ledger to count them from is away).
        Answer mine = gateway.send("GET", "/v1/usage", usedKey, null);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().at("/spend/key/today_usd").decimalValue()).isPositive();
        Answer notChecked = gateway.send("GET", "/v1/usage", unusedKey, null);
        assertThat(notChecked.status()).as(notChecked.body()).isEqualTo(503);
        assertThat(notChecked.json().get("code").asString()).isEqualTo("identity_unavailable");
        assertThat(chat(usedKey).status()).as("the revoke above wrote nothing").isEqualTo(200);

        // (Hikari's own warnings of the connections it drops carry their exception: not the gateway's to change.)
        assertThat(log.lines()).as("expected answers to an outage are no errors, and the gateway logs no stack trace")
                .noneMatch(line -> line.getLevel().isGreaterOrEqual(Level.ERROR))
                .noneMatch(line -> line.getLoggerName().startsWith("dev.bedrockgateway")
                        && line.getThrowableProxy() != null);

        forwarder.resume();

        await().atMost(BACK_WITHIN).untilAsserted(() -> assertThat(chat(unusedKey).status()).isEqualTo(200));
        assertThat(gateway.send("GET", "/v1/usage", usedKey, null).status()).isEqualTo(200);
        assertThat(gateway.admin("GET", "/admin/v1/usage?group_by=team", null).get("data").valueStream()
                .map(line -> line.get("team").asString())).contains(team);
        assertThat(newKey(team).get("key").asString()).startsWith(KeySecrets.KEY_PREFIX);
        gateway.admin("DELETE", "/admin/v1/keys/" + used.get("id").asString(), null);
        assertThat(chat(usedKey).status()).as("revoked on this replica: refused at once").isEqualTo(401);
    }

    @Test
    void withNoStaleAnswersAKeyReadBeforeTheOutageIsRefusedAtOnce() throws Exception {
        String key = newKey(newTeam()).get("key").asString();
        assertThat(strict.send("POST", "/v1/chat/completions", key, chatBody()).status()).isEqualTo(200);

        forwarder.stop();

        Answer refused = strict.send("POST", "/v1/chat/completions", key, chatBody());
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.json().at("/error/code").asString()).isEqualTo("identity_unavailable");
        assertThat(chat(key).status()).as("the other replica has no answer of its own for this key either")
                .isEqualTo(503);
    }

    private static void assertStoreUnavailable(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("store_unavailable");
        assertThat(answer.json().get("detail").asString()).contains("PostgreSQL");
    }

    private static String newTeam() throws Exception {
        String team = "t-" + Long.toHexString(System.nanoTime());
        gateway.admin("POST", "/admin/v1/teams", "{\"name\":\"" + team + "\"}");
        return team;
    }

    private static JsonNode newKey(String team) throws Exception {
        return gateway.admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team + "\"}");
    }

    private static Answer chat(String key) throws Exception {
        return gateway.send("POST", "/v1/chat/completions", key, chatBody());
    }

    private static Answer generate(String key) throws Exception {
        return gateway.send("POST", "/v1/generate", key, "{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}");
    }

    private static String chatBody() {
        return "{\"model\":\"llama3-8b\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }
}
