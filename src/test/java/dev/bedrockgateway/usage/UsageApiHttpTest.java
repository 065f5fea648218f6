package dev.bedrockgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest.Answer;
import dev.bedrockgateway.RunningGateway;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The usage APIs and the downgrade rule with nothing but memory (no PostgreSQL, no Redis), as from source: the
 * in-memory ledger answers the chargeback report, a key above half its budget is sent to the chat route, and bad
 * report parameters are 400s naming the parameter.
 */
class UsageApiHttpTest {

    private static final String MISTRAL = "{\"model\":\"mistral-large\",\"prompt\":\"Tell me about the sea\","
            + "\"parameters\":{\"max_tokens\":300}}";

    private static final String ADMIN_KEY = "admin-key-of-usage-api-test";

    private static RunningGateway gateway;

    @BeforeAll
    static void start() {
        gateway = RunningGateway.start("--gateway.auth.mode=keys", "--gateway.admin.key=" + ADMIN_KEY,
                "--gateway.budgets.downgrade.above-share=0.5", "--gateway.budgets.downgrade.route=chat",
                "--gateway.ledger.flush-interval=50ms");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aboveTheShareOfItsBudgetAKeyIsSentToTheDowngradeRoute() throws Exception {
        String key = newKey("{\"daily_budget_usd\":0.02}");
        Answer answer = gateway.call("/v1/generate", key, MISTRAL);
        BigDecimal spent = BigDecimal.ZERO;
        while (answer.status() == 200 && spent.compareTo(new BigDecimal("0.01")) <= 0) {
            assertThat(answer.header("X-Gateway-Model")).as("as asked, below half the budget")
                    .isEqualTo("mistral-large");
            spent = spent.add(answer.json().get("cost_usd").decimalValue());
            answer = gateway.call("/v1/generate", key, MISTRAL);
        }
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Gateway-Route")).as("above half: the downgrade route").isEqualTo("chat");
        assertThat(answer.header("X-Gateway-Model")).isEqualTo("claude-3-sonnet");
    }

    @Test
    void theUsageApisAnswerFromMemoryAndRefuseBadParameters() throws Exception {
        String key = newKey("{\"requests_per_minute\":1000}");
        assertThat(gateway.call("/v1/generate", key, MISTRAL).status()).isEqualTo(200);

        JsonNode mine = gateway.get("/v1/usage", key).json();
        assertThat(mine.at("/spend/key/today_usd").decimalValue()).isPositive();
        assertThat(mine.at("/limits/key/requests_per_minute").asInt()).isEqualTo(1000);
        assertThat(mine.at("/budgets/key/daily_usd").isNull()).isTrue();
        assertThat(gateway.get("/v1/usage", "gk_not-a-key").status()).isEqualTo(401);

        // The report reads the ledger's store: the row is there once the writer's next round has run.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(gateway.admin("GET",
                        "/admin/v1/usage?group_by=model", null).get("data").valueStream()
                .map(line -> line.get("model").asString())).contains("mistral-large"));

        assertBad("/admin/v1/usage?group_by=colour", "group_by");
        assertBad("/admin/v1/usage?from=yesterday", "from");
        assertBad("/admin/v1/usage?from=2026-12-05&to=2026-12-01", "from");
        assertBad("/admin/v1/usage?format=xml", "format");
        assertBad("/admin/v1/usage?team=search", "team");
        assertThat(gateway.get("/admin/v1/usage", key).status()).as("an API key is not the admin key")
                .isEqualTo(401);
    }

    private static void assertBad(String path, String parameter) throws Exception {
        Answer answer = gateway.get(path, ADMIN_KEY);
        assertThat(answer.status()).as(path).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains(parameter);
    }

    /** A key of a new team, with more fields of its body as a JSON object's members ({"daily_budget_usd":1}). */
    private static String newKey(String limits) throws Exception {
        String team = "usage-" + Long.toHexString(System.nanoTime());
        gateway.admin("POST", "/admin/v1/teams", "{\"name\":\"" + team + "\"}");
        String body = "{\"name\":\"k\",\"team\":\"" + team + "\"," + limits.substring(1);
        return gateway.admin("POST", "/admin/v1/keys", body).get("key").asString();
    }
}
