package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Mode keys,jwt over real HTTP with no network: the test makes an RSA key pair, serves its public JWK set from a JDK
 * HTTP server of its own ({@code gateway.auth.jwt.jwk-set-uri}) and signs tokens with nimbus-jose-jwt. A good token
 * calls the models for its team; an expired one, one signed by another key, one of another issuer or audience, or one
 * without a team is 401 invalid_api_key saying why (never repeating the token); the admin role opens the admin API.
 */
@TestPropertySource(properties = {
        "gateway.auth.mode=keys,jwt",
        "gateway.auth.jwt.issuer-uri=" + JwtHttpTest.ISSUER,
        "gateway.auth.jwt.audience=" + JwtHttpTest.AUDIENCE,
        "gateway.auth.jwt.models-claim=models",
        "gateway.auth.jwt.admin-role=" + JwtHttpTest.ADMIN_ROLE
})
class JwtHttpTest extends KeyedGatewayHttpTest {

    static final String ISSUER = "https://login.example.test/realms/gateway";
    static final String AUDIENCE = "bedrock-gateway";
    static final String ADMIN_ROLE = "gateway-admin";

    private static final TestIssuer IDP = new TestIssuer(ISSUER, AUDIENCE);

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("gateway.auth.jwt.jwk-set-uri", IDP::jwkSetUri);
    }

    @AfterAll
    static void stopJwkServer() {
        IDP.close();
    }

    @Test
    void aGoodTokenCallsForItsTeamAndIsCharged() throws Exception {
        String team = newTeam();
        String token = IDP.token(claims -> claims.claim("team", team));
        assertThat(chat(token).status()).isEqualTo(200);

        Answer usage = await().atMost(Duration.ofSeconds(10)).until(
                () -> send(HttpRequest.newBuilder(gateway("/v1/usage")).header("Authorization", "Bearer " + token)
                        .GET().build()),
                answer -> answer.status() == 200 && answer.json().at("/spend/team/today_usd").decimalValue()
                        .signum() > 0);
        assertThat(usage.json().get("key_id").asString()).startsWith("jwt:subject-");
        assertThat(usage.json().get("team").asString()).isEqualTo(team);
    }

    @Test
    void badTokensAre401SayingWhyInEachApisShape() throws Exception {
        String team = newTeam();
        Instant past = Instant.now().minusSeconds(3600);
        assertRefused(IDP.token(claims -> claims.claim("team", team).issueTime(Date.from(past.minusSeconds(60)))
                .expirationTime(Date.from(past))), "expired");
        assertRefused(IDP.forged(claims -> claims.claim("team", team)), "signature");
        assertRefused(IDP.token(claims -> claims.claim("team", team).issuer("https://other.example.test")), "iss");
        assertRefused(IDP.token(claims -> claims.claim("team", team).audience("someone-else")), "aud");
        assertRefused(IDP.token(claims -> { }), "'team' claim");

        String expired = IDP.token(claims -> claims.claim("team", team).expirationTime(Date.from(past)));
        Answer native_ = send(HttpRequest.newBuilder(gateway("/v1/generate"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + expired)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}")).build());
        assertThat(native_.status()).isEqualTo(401);
        assertThat(native_.header("Content-Type")).startsWith("application/problem+json");
        assertThat(native_.json().get("code").asString()).isEqualTo("invalid_api_key");
        assertThat(native_.body()).doesNotContain(expired);

        Answer anthropic = send(HttpRequest.newBuilder(gateway("/v1/messages"))
                .header("Content-Type", "application/json").header("anthropic-version", "2023-06-01")
                .header("Authorization", "Bearer " + expired)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-3-haiku\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build());
        assertThat(anthropic.status()).isEqualTo(401);
        assertThat(anthropic.json().at("/error/type").asString()).isEqualTo("authentication_error");
    }

    @Test
    void aTeamTheKeyStoreDoesNotKnowIs403() throws Exception {
        Answer refused = chat(IDP.token(claims -> claims.claim("team", "no-such-team")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().at("/error/message").asString()).contains("no-such-team", "not in the key store");
    }

    @Test
    void theModelsClaimLimitsWhatTheTokenMayCall() throws Exception {
        String team = newTeam();
        String token = IDP.token(claims -> claims.claim("team", team).claim("models", List.of("llama3-*")));
        assertThat(chat(token).status()).isEqualTo(200);
        Answer other = send(HttpRequest.newBuilder(gateway("/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(CHAT.replace("llama3-8b", "mistral-large"))).build());
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().at("/error/code").asString()).isEqualTo("model_not_allowed");
    }

    @Test
    void theAdminRoleOpensTheAdminApi() throws Exception {
        String team = newTeam();
        Answer admin = adminGetWith(IDP.token(claims -> claims.claim("roles", List.of("reader", ADMIN_ROLE))));
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().get("data").valueStream().map(line -> line.get("name").asString())).contains(team);
        assertThat(adminGetWith(IDP.token(claims -> claims.claim("scope", "openid " + ADMIN_ROLE))).status())
                .as("as an OAuth2 scope").isEqualTo(200);

        String adminToken = IDP.token(claims -> claims.subject("platform-admin").claim("roles", List.of(ADMIN_ROLE)));
        String made = "made-by-token-" + Long.toHexString(System.nanoTime());
        assertThat(send(HttpRequest.newBuilder(gateway("/admin/v1/teams"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + made + "\"}")).build()).status())
                .isEqualTo(201);
        assertThat(adminGet("/admin/v1/audit").get("data").valueStream()
                .filter(entry -> entry.get("target").asString().equals(made))
                .map(entry -> entry.get("actor").asString())).as("the audit names the token's subject")
                .containsExactly("jwt:platform-admin");

        Answer withoutRole = adminGetWith(IDP.token(claims -> claims.claim("team", team)
                .claim("roles", List.of("reader"))));
        assertThat(withoutRole.status()).isEqualTo(403);
        assertThat(withoutRole.body()).contains(ADMIN_ROLE);
        Answer forged = adminGetWith(IDP.forged(claims -> claims.claim("roles", List.of(ADMIN_ROLE))));
        assertThat(forged.status()).isEqualTo(401);
    }

    @Test
    void bothAKeyAndATokenWork() throws Exception {
        String key = newKey(null);
        assertThat(chat(key).status()).isEqualTo(200);
        Answer byHeader = send(HttpRequest.newBuilder(gateway("/v1/models")).header("x-api-key", key).GET().build());
        assertThat(byHeader.status()).isEqualTo(200);
        String team = newTeam();
        assertThat(chat(IDP.token(claims -> claims.claim("team", team))).status()).isEqualTo(200);
        assertThat(chat("gk_not-a-key").status()).isEqualTo(401);
    }

    @Test
    void openAiJavaRaisesUnauthorizedForABadToken() throws Exception {
        String team = newTeam();
        String expired = IDP.token(claims -> claims.claim("team", team)
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(expired).maxRetries(0).build();
        try {
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("llama3-8b").addUserMessage("Hi").build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class,
                            refused -> assertThat(refused.code()).contains("invalid_api_key"));
        } finally {
            client.close();
        }
    }

    private void assertRefused(String token, String because) throws Exception {
        Answer refused = chat(token);
        assertThat(refused.status()).as(because).isEqualTo(401);
        assertThat(refused.json().at("/error/code").asString()).as(because).isEqualTo("invalid_api_key");
        assertThat(refused.json().at("/error/message").asString()).as(because).contains(because);
        assertThat(refused.body()).as(because).doesNotContain(token);
    }

    private Answer adminGetWith(String token) throws Exception {
        return send(HttpRequest.newBuilder(gateway("/admin/v1/teams")).header("Authorization", "Bearer " + token)
                .GET().build());
    }
}
