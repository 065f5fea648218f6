package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Mode jwt alone, with a JWK set and no issuer or audience check: API keys are refused, a token is the only way in,
 * and the admin key still opens the admin API (it is not a caller's credential).
 */
@TestPropertySource(properties = {
        "gateway.auth.mode=jwt",
        "gateway.admin.key=" + JwtOnlyHttpTest.ADMIN_KEY
})
class JwtOnlyHttpTest extends GatewayHttpTest {

    static final String ADMIN_KEY = "admin-secret-for-jwt-only-tests";
    private static final TestIssuer IDP = new TestIssuer("https://anyone.example.test", "anything");

    @DynamicPropertySource
    static void jwkSet(DynamicPropertyRegistry registry) {
        registry.add("gateway.auth.jwt.jwk-set-uri", IDP::jwkSetUri);
    }

    @AfterAll
    static void stopJwkServer() {
        IDP.close();
    }

    @Test
    void onlyATokenGetsIn() throws Exception {
        Answer team = send(HttpRequest.newBuilder(gateway("/admin/v1/teams"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"jwt-only\"}")).build());
        assertThat(team.status()).isEqualTo(201);

        assertThat(chat(IDP.token(claims -> claims.claim("team", "jwt-only"))).status()).isEqualTo(200);
        Answer key = chat(KeySecrets.newKey());
        assertThat(key.status()).isEqualTo(401);
        assertThat(key.json().at("/error/message").asString()).contains("JWTs only");
        assertThat(chat(IDP.forged(claims -> claims.claim("team", "jwt-only"))).status()).isEqualTo(401);
    }

    private Answer chat(String credential) throws Exception {
        return send(HttpRequest.newBuilder(gateway("/v1/chat/completions"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + credential)
                .POST(HttpRequest.BodyPublishers.ofString(KeyedGatewayHttpTest.CHAT)).build());
    }
}
