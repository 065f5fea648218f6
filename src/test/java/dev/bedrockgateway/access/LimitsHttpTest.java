package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.bedrockgateway.telemetry.AccessLogCapture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Rate limits of one gateway (counted in memory) over real HTTP: OpenAI's x-ratelimit-* headers on every answer to a
 * limited key, 429 rate_limit_exceeded with Retry-After in each API's error shape, and the key's, its team's, its
 * per-model and its stream limits each holding.
 */
class LimitsHttpTest extends KeyedGatewayHttpTest {

    /** Go's duration format, as OpenAI writes its resets ("1s", "6m0s", "12ms"; see RateHeadersTest). */
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+h)?(\\d+m)?(\\d+(\\.\\d+)?s|\\d+ms)");
    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    private static final HttpClient STREAMS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aKeyGetsItsRequestsPerMinuteWithTheHeadersThen429WithRetryAfter() throws Exception {
        String team = newTeam();
        String key = key(team, "\"requests_per_minute\":3");
        for (int left = 2; left >= 0; left--) {
            Answer answer = chat(key);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("x-ratelimit-limit-requests")).isEqualTo("3");
            assertThat(answer.header("x-ratelimit-remaining-requests")).isEqualTo(Integer.toString(left));
            assertThat(answer.header("x-ratelimit-reset-requests")).matches(GO_DURATION);
            assertThat(answer.header("x-ratelimit-limit-tokens")).as("no token limit, no token headers").isNull();
        }
        Answer refused = chat(key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.json().at("/error/type").asString()).isEqualTo("rate_limit_error");
        assertThat(refused.json().at("/error/message").asString()).contains("3 requests per minute");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(refused.body()).doesNotContain(key);

        Answer nativeRefused = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}")).build());
        assertThat(nativeRefused.status()).isEqualTo(429);
        assertThat(nativeRefused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(nativeRefused.json().get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(nativeRefused.header("Retry-After")).isNotNull();

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("gateway_limit_rejections_total\\{[^}]*limit=\"key_requests_per_minute\""
                + "[^}]*team=\"" + team + "\"[^}]*} 2.0");
    }

    @Test
    void theAccessLogNamesTheKeyAndItsTeamNeverTheSecret() throws Exception {
        String team = newTeam();
        JsonNode created = admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team
                + "\",\"requests_per_minute\":1}");
        String key = created.get("key").asString();
        assertThat(chat(key).status()).isEqualTo(200);
        assertThat(chat(key).status()).isEqualTo(429);
        List<JsonNode> lines = accessLog.lines().stream().map(line -> JSON.readTree(line.getFormattedMessage()))
                .filter(line -> team.equals(line.path("team").asString(null))).toList();
        assertThat(lines).extracting(line -> line.get("status").asInt()).containsExactly(200, 429);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("key_id").asString()).isEqualTo(created.get("id").asString());
            assertThat(line.toString()).doesNotContain(key);
        });
        assertThat(lines.get(1).get("outcome").asString()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void aTeamsLimitIsSharedByItsKeys() throws Exception {
        String team = newTeam(",\"requests_per_minute\":2");
        String first = key(team, null);
        String second = key(team, null);
        assertThat(chat(first).status()).isEqualTo(200);
        Answer shared = chat(second);
        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        Answer refused = chat(first);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/message").asString()).contains("Team '" + team + "'");
    }

    @Test
    void aKeysLimitForOneModelLeavesItsOtherModelsAlone() throws Exception {
        String key = key(newTeam(), "\"model_limits\":{\"llama3-8b\":{\"requests_per_minute\":1}}");
        assertThat(chat(key).status()).isEqualTo(200);
        Answer refused = chat(key);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/message").asString()).contains("for this model");
        assertThat(chat(key, "mistral-large", null).status()).isEqualTo(200);
    }

    @Test
    void tokensAreReservedAsThePromptAndMaxTokensAndARequestOverTheWholeLimitIsTold() throws Exception {
        String key = key(newTeam(), "\"tokens_per_minute\":500");
        Answer answer = chat(key, "llama3-8b", 100);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("x-ratelimit-limit-tokens")).isEqualTo("500");
        // "Hi" is about 1 token, plus max_tokens 100: 101 reserved on admission.
        assertThat(answer.header("x-ratelimit-remaining-tokens")).isEqualTo("399");
        Answer next = chat(key, "llama3-8b", 100);
        int used = answer.json().at("/usage/total_tokens").asInt();
        assertThat(next.header("x-ratelimit-remaining-tokens")).as("the first settled to what it used")
                .isEqualTo(Integer.toString(500 - used - 101));

        Answer tooLarge = chat(key, "llama3-8b", 1000);
        assertThat(tooLarge.status()).isEqualTo(429);
        assertThat(tooLarge.json().at("/error/message").asString()).contains("lower max_tokens");
        assertThat(tooLarge.header("Retry-After")).as("waiting would not help").isNull();
    }

    @Test
    void aStreamHoldsItsPlaceUntilItCloses() throws Exception {
        String key = key(newTeam(), "\"streams_at_once\":1,\"requests_per_minute\":100");
        String modelId = catalog().byAlias("llama3-8b").id();
        pace(modelId, 10);
        CompletableFuture<HttpResponse<Stream<String>>> first = STREAMS.sendAsync(stream(key),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(first.get().headers().firstValue("x-ratelimit-remaining-requests")).as("on a stream too")
                .contains("99");

        Answer second = send(stream(key));
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().at("/error/message").asString()).contains("1 streams at once");

        assertThat(first.get().body().filter(line -> line.contains("[DONE]")).count()).isEqualTo(1);
        pace(modelId, 0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(send(stream(key)).status()).as("given back when the first closed").isEqualTo(200));
    }

    @Test
    void aStreamTheCallerLeavesGivesBackWhatItDidNotStream() throws Exception {
        String key = key(newTeam(), "\"tokens_per_minute\":5000");
        String modelId = catalog().byAlias("llama3-8b").id();
        pace(modelId, 5);
        String body = "{\"model\":\"llama3-8b\",\"stream\":true,\"max_tokens\":2000,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        // A raw socket, so hanging up is a closed connection and nothing else: read the head and two events, then go.
        try (Socket socket = new Socket(gateway("/").getHost(), gateway("/").getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(reader.readLine()).isEqualTo("HTTP/1.1 200 OK");
            int events = 0;
            for (String line = reader.readLine(); line != null && events < 2; line = reader.readLine()) {
                events += line.startsWith("data:") ? 1 : 0;
            }
            assertThat(events).isEqualTo(2);
        }
        pace(modelId, 0);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> accessLog.lines().stream()
                .map(line -> JSON.readTree(line.getFormattedMessage()))
                .anyMatch(line -> "cancelled".equals(line.path("outcome").asString(null))));

        // Reserved: the prompt's token and max_tokens, 2,001. Streamed before the hang-up: the prompt and a few words.
        Answer next = chat(key, "llama3-8b", 100);
        assertThat(next.status()).isEqualTo(200);
        int held = 5000 - 101 - Integer.parseInt(next.header("x-ratelimit-remaining-tokens"));
        assertThat(held).as("tokens the stream the caller left still holds").isBetween(1, 50);
    }

    private String key(String team, String limits) throws Exception {
        return admin("POST", "/admin/v1/keys", "{\"name\":\"k\",\"team\":\"" + team + "\""
                + (limits == null ? "" : "," + limits) + "}").get("key").asString();
    }

    private Answer chat(String key, String model, Integer maxTokens) throws Exception {
        return send(HttpRequest.newBuilder(gateway("/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":"
                        + "\"user\",\"content\":\"Hi\"}]" + (maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens)
                        + "}")).build());
    }

    private HttpRequest stream(String key) {
        return HttpRequest.newBuilder(gateway("/v1/chat/completions")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build();
    }

    /** Streams of the model send {@code tokensPerSecond} words a second; 0 is the emulator's own pace. */
    private void pace(String modelId, int tokensPerSecond) throws Exception {
        URI uri = emulator.endpoint().resolve("/emulator/faults/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8));
        HttpRequest request = tokensPerSecond == 0 ? HttpRequest.newBuilder(uri).DELETE().build()
                : HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"tokens_per_second\":" + tokensPerSecond + "}"))
                        .build();
        assertThat(STREAMS.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isBetween(200, 204);
    }
}
