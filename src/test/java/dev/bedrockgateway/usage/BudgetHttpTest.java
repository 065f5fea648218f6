package dev.bedrockgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.bedrockgateway.GatewayHttpTest.Answer;
import dev.bedrockgateway.RunningGateway;
import dev.bedrockgateway.TestPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Budgets over real HTTP, with keys and the ledger in a real PostgreSQL and the spend counters in a real Redis: a key
 * with a $0.01 daily budget is served until its spend crosses it, then refused 429 budget_exceeded in each API's
 * shape (openai-java raises RateLimitException); its spend survives a restart of the gateway (a new application context on the same stores) and an emptied
 * Redis (rebuilt from the ledger); the ledger, the usage APIs and the spend meter agree. Redis is used in database
 * {@value #REDIS_DB}, which only this test uses, so that it may empty it. Skipped, saying why, without both servers.
 */
class BudgetHttpTest {

    private static final int REDIS_DB = 13;
    private static final String REDIS_URL = "redis://127.0.0.1:6379/" + REDIS_DB;
    /** Claude 3 Sonnet's prices make a few answers cross a cent. */
    private static final String SONNET = "{\"model\":\"claude-3-sonnet\",\"prompt\":\"Tell me about the sea\","
            + "\"parameters\":{\"max_tokens\":300}}";

    private static final String ADMIN_KEY = "admin-key-of-budget-test";

    private static TestPostgres postgres;
    private static String[] settings;

    @BeforeAll
    static void reachTheStores() {
        postgres = TestPostgres.orSkip("budgets against PostgreSQL and Redis");
        RunningGateway.assumeListening(6379, "Redis");
        settings = new String[] {"--gateway.auth.mode=keys", "--gateway.admin.key=" + ADMIN_KEY,
                "--gateway.store.postgres.url=" + TestPostgres.URL,
                "--gateway.store.postgres.username=postgres",
                "--gateway.store.postgres.schema=" + postgres.schema,
                "--gateway.store.redis.url=" + REDIS_URL,
                "--gateway.store.redis.key-prefix=spend-test-" + Long.toHexString(System.nanoTime()) + ":",
                "--gateway.ledger.flush-interval=100ms"};
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (postgres != null) {
            postgres.drop();
        }
    }

    @Test
    void aKeyIsRefusedOnceItsSpendCrossesItsBudgetAndStaysRefusedAfterARestartAndARedisFlush() throws Exception {
        String team;
        String key;
        String keyId;
        BigDecimal spent = BigDecimal.ZERO;
        int served = 0;
        try (RunningGateway gateway = RunningGateway.start(settings)) {
            team = "spend-" + Long.toHexString(System.nanoTime());
            gateway.admin("POST", "/admin/v1/teams", "{\"name\":\"" + team + "\",\"monthly_budget_usd\":100}");
            JsonNode created = gateway.admin("POST", "/admin/v1/keys",
                    "{\"name\":\"tight\",\"team\":\"" + team + "\",\"daily_budget_usd\":0.01}");
            key = created.get("key").asString();
            keyId = created.get("id").asString();

            Answer answer = gateway.call("/v1/generate", key, SONNET);
            BigDecimal last = BigDecimal.ZERO;
            for (int i = 0; i < 100 && answer.status() == 200; i++) {
                last = answer.json().get("cost_usd").decimalValue();
                spent = spent.add(last);
                served++;
                answer = gateway.call("/v1/generate", key, SONNET);
            }
            assertThat(spent).as("served while under the budget, and the crossing request too")
                    .isGreaterThanOrEqualTo(new BigDecimal("0.01"));
            assertThat(spent.subtract(last)).isLessThan(new BigDecimal("0.01"));
            assertRefused(answer);
            Answer openAi = gateway.call("/v1/chat/completions", key,
                    "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            assertThat(openAi.status()).isEqualTo(429);
            assertThat(openAi.json().at("/error/code").asString()).isEqualTo("budget_exceeded");
            assertThat(openAi.json().at("/error/type").asString()).isEqualTo("rate_limit_error");
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gateway.uri("/v1").toString()).apiKey(key)
                    .maxRetries(0).build();
            try {
                assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                        .model("llama3-8b").addUserMessage("Hi").build()))
                        .isInstanceOfSatisfying(RateLimitException.class,
                                refused -> assertThat(refused.code()).contains("budget_exceeded"));
            } finally {
                client.close();
            }

            JsonNode mine = gateway.get("/v1/usage", key).json();
            assertThat(mine.at("/spend/key/today_usd").decimalValue()).isEqualByComparingTo(spent);
            assertThat(mine.at("/spend/team/this_month_usd").decimalValue()).isEqualByComparingTo(spent);
            assertThat(mine.at("/budgets/key/remaining_today_usd").decimalValue()).isEqualByComparingTo("0");
            assertThat(mine.at("/budgets/team/remaining_this_month_usd").decimalValue())
                    .isEqualByComparingTo(new BigDecimal("100").subtract(spent));
            assertThat(mine.toString()).doesNotContain(key);

            BigDecimal charged = spent;
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    postgres.sumCost("key_id = '" + keyId + "'").compareTo(charged) == 0);
            assertThat(gateway.scrape("gateway_spend_usd_total", "team=\"" + team + "\""))
                    .as("the spend meter and the ledger agree").isCloseTo(charged.doubleValue(), within(1e-9));
            assertThat(gateway.scrape("gateway_budget_remaining_usd", "team=\"" + team + "\""))
                    .isCloseTo(100 - charged.doubleValue(), within(1e-6));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    postgres.count("key_id = '" + keyId + "' and status = 'budget_exceeded'") == 3);
        }

        try (RunningGateway restarted = RunningGateway.start(settings)) {
            assertRefused(restarted.call("/v1/generate", key, SONNET));

            emptyRedis();
            assertRefused(restarted.call("/v1/generate", key, SONNET));
            assertThat(restarted.get("/v1/usage", key).json().at("/spend/key/today_usd").decimalValue())
                    .as("rebuilt from the ledger").isEqualByComparingTo(spent);

            long rows = served + 5; // and five refusals: three before the restart, two after
            await().atMost(Duration.ofSeconds(10)).until(() -> postgres.count("key_id = '" + keyId + "'") == rows);
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            JsonNode byKey = restarted.admin("GET", "/admin/v1/usage?group_by=key&from=" + today, null);
            JsonNode line = byKey.get("data").valueStream()
                    .filter(entry -> entry.get("key").asString().equals(keyId)).findFirst().orElseThrow();
            assertThat(line.get("cost_usd").decimalValue()).isEqualByComparingTo(spent);
            assertThat(line.get("requests").asLong()).as("the refused requests are rows too").isEqualTo(rows);
            Answer csv = restarted.get("/admin/v1/usage?group_by=team&format=csv", ADMIN_KEY);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.body()).startsWith("team,requests,input_tokens,output_tokens,cost_usd\r\n")
                    .contains("\r\n" + team + ",");
        }
    }

    private static void assertRefused(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(429);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asString()).isEqualTo("budget_exceeded");
        assertThat(answer.json().get("detail").asString()).contains("daily budget of $0.01");
        // Rounded up to whole seconds when it was answered, a moment ago.
        long untilMidnight = Duration.between(Instant.now(), LocalDate.now(ZoneOffset.UTC).plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds() + 2;
        assertThat(Long.parseLong(answer.header("Retry-After"))).isBetween(1L, untilMidnight);
    }

    /** FLUSHDB of this test's own database index, never another's. */
    private static void emptyRedis() {
        RedisClient client = RedisClient.create(REDIS_URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().flushdb()).isEqualTo("OK");
        } finally {
            client.shutdown();
        }
    }
}
