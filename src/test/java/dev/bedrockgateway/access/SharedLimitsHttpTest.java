package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.bedrockgateway.GatewayHttpTest.Answer;
import dev.bedrockgateway.RunningGateway;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Two gateway replicas side by side, sharing the local PostgreSQL (keys, on 127.0.0.1:5432, in a schema of this
 * run's own) and the local Redis (limits, on 127.0.0.1:6379, under a key prefix of this run's own): a key's limits
 * hold across both, exactly. Skipped, saying why, where either is not running; both are dropped after.
 */
class SharedLimitsHttpTest {

    private static final String ADMIN_KEY = "admin-key-of-shared-limits-test";
    private static final String RUN = Long.toHexString(System.nanoTime());
    private static final String SCHEMA = "gateway_limits_" + RUN;
    private static final String PREFIX = "shared-limits-test-" + RUN + ":";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+h)?(\\d+m)?(\\d+(\\.\\d+)?s|\\d+ms)");

    private static RunningGateway first;
    private static RunningGateway second;

    @BeforeAll
    static void startTwoReplicas() {
        RunningGateway.assumeListening(5432, "PostgreSQL");
        RunningGateway.assumeListening(6379, "Redis");
        String[] settings = {"--gateway.auth.mode=keys", "--gateway.admin.key=" + ADMIN_KEY,
                // Every request reads its key from PostgreSQL: a PATCH on one replica is seen at once by the other.
                "--gateway.auth.cache-ttl=0s",
                "--gateway.store.postgres.url=" + POSTGRES, "--gateway.store.postgres.username=postgres",
                "--gateway.store.postgres.schema=" + SCHEMA,
                "--gateway.store.redis.url=redis://127.0.0.1:6379/0", "--gateway.store.redis.key-prefix=" + PREFIX};
        first = RunningGateway.start(settings);
        second = RunningGateway.start(settings);
    }

    @AfterAll
    static void stopAndDropWhatTheRunMade() throws Exception {
        if (first == null) {
            return;
        }
        try (SharedRedis redis = SharedRedis.open(new StoreSettings.Redis("redis://127.0.0.1:6379/0",
                Duration.ofSeconds(2), PREFIX))) {
            redis.commands().flatMap(commands -> commands.keys(PREFIX + "*").collectList()
                    .flatMap(keys -> keys.isEmpty() ? Mono.just(0L) : commands.del(keys.toArray(String[]::new))))
                    .block(Duration.ofSeconds(5));
        }
        first.close();
        second.close();
        try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", null)) {
            connection.createStatement().execute("drop schema " + SCHEMA + " cascade");
        }
    }

    @Test
    void sixtyRequestsPerMinuteAreSixtyAcrossBothReplicas() throws Exception {
        String key = newKey("\"requests_per_minute\":60");
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            answers.add(chat(i % 2 == 0 ? first : second, key, 20));
        }
        assertThat(answers.subList(0, 60)).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        assertThat(answers.subList(0, 60)).extracting(answer -> answer.header("x-ratelimit-remaining-requests"))
                .as("one counter, whichever replica answered")
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 59).map(i -> 59 - i)
                        .mapToObj(Integer::toString).toList());
        assertThat(answers.subList(60, 70)).allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
            assertThat(refused.header("x-ratelimit-limit-requests")).isEqualTo("60");
            assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
            assertThat(refused.header("x-ratelimit-reset-requests")).matches(GO_DURATION);
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        });
    }

    @Test
    void tokensPerMinuteHoldAcrossBothReplicasSettledToWhatWasUsed() throws Exception {
        Answer created = first.send("POST", "/admin/v1/keys", ADMIN_KEY, "{\"name\":\"k\",\"team\":\"" + newTeam()
                + "\"}");
        String id = created.json().get("id").asString();
        String key = created.json().get("key").asString();
        // What one such request uses: the emulator answers the same prompt the same way.
        int used = chat(first, key, 50).json().at("/usage/total_tokens").asInt();
        // Admitted while used + reserved <= limit: "Hi" is about 1 token, plus max_tokens 50 reserved; with the limit
        // at reserved + 3 answers' use, the 5th request after the change is the first refused.
        int reserved = 1 + 50;
        assertThat(first.send("PATCH", "/admin/v1/keys/" + id, ADMIN_KEY, "{\"tokens_per_minute\":"
                + (reserved + 3 * used) + "}").status()).isEqualTo(200);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(chat(i % 2 == 0 ? second : first, key, 50).status());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
        Answer refused = chat(second, key, 50);
        assertThat(refused.header("x-ratelimit-limit-tokens")).isEqualTo(Integer.toString(reserved + 3 * used));
        assertThat(refused.header("x-ratelimit-remaining-tokens")).isEqualTo(Integer.toString(reserved - used));
        assertThat(refused.header("x-ratelimit-reset-tokens")).matches(GO_DURATION);
    }

    @Test
    void openAiJavaRaisesRateLimitWithTheHeadersAndPermissionDenied() throws Exception {
        String key = newKey("\"requests_per_minute\":1,\"models\":[\"llama3-8b\"]");
        ChatCompletionCreateParams llama = ChatCompletionCreateParams.builder().model("llama3-8b")
                .addUserMessage("Hi").build();
        OpenAIClient onFirst = client(first, key);
        OpenAIClient onSecond = client(second, key);
        try {
            assertThat(onFirst.chat().completions().create(llama).choices()).isNotEmpty();
            assertThatThrownBy(() -> onSecond.chat().completions().create(llama))
                    .isInstanceOfSatisfying(RateLimitException.class, limited -> {
                        assertThat(limited.code()).contains("rate_limit_exceeded");
                        assertThat(limited.headers().values("x-ratelimit-limit-requests")).containsExactly("1");
                        assertThat(limited.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
                        assertThat(limited.headers().values("x-ratelimit-reset-requests").get(0))
                                .matches(GO_DURATION);
                    });
            assertThatThrownBy(() -> onSecond.chat().completions().create(llama.toBuilder().model("claude-3-haiku")
                    .build()))
                    .isInstanceOfSatisfying(PermissionDeniedException.class,
                            refused -> assertThat(refused.code()).contains("model_not_allowed"));
        } finally {
            onFirst.close();
            onSecond.close();
        }
    }

    private static OpenAIClient client(RunningGateway gateway, String key) {
        // No retries: the SDK would otherwise wait out a 429 and try again.
        return OpenAIOkHttpClient.builder().baseUrl(gateway.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    private static Answer chat(RunningGateway gateway, String key, int maxTokens) throws Exception {
        return gateway.send("POST", "/v1/chat/completions", key, "{\"model\":\"llama3-8b\",\"max_tokens\":"
                + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    private static String newTeam() throws Exception {
        String team = "t-" + Long.toHexString(System.nanoTime());
        assertThat(second.send("POST", "/admin/v1/teams", ADMIN_KEY, "{\"name\":\"" + team + "\"}").status())
                .isEqualTo(201);
        return team;
    }

    /** A new key of a new team, made on the second replica; {@code fields} are more JSON fields of its body. */
    private static String newKey(String fields) throws Exception {
        Answer created = second.send("POST", "/admin/v1/keys", ADMIN_KEY, "{\"name\":\"k\",\"team\":\"" + newTeam()
                + "\"," + fields + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asString();
    }
}
