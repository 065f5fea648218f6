package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** What a token looks like, and what a caller is told when the issuer's keys cannot be fetched. */
class JwtCallersTest {

    @Test
    void onlyThreeBase64UrlPartsLookLikeAToken() {
        assertThat(JwtCallers.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).isTrue();
        assertThat(JwtCallers.looksLikeJwt(KeySecrets.newKey())).isFalse();
        assertThat(JwtCallers.looksLikeJwt("a.b")).isFalse();
        assertThat(JwtCallers.looksLikeJwt("a.b.c.d")).isFalse();
        assertThat(JwtCallers.looksLikeJwt(null)).isFalse();
    }

    @Test
    void anUnreachableJwkSetIs503IdentityUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JwtCallers callers = JwtCallers.of(new JwtSettings(null, "http://127.0.0.1:" + closedPort + "/jwks.json", null,
                "team", null, null));
        RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
                new JWTClaimsSet.Builder().subject("a").claim("team", "t")
                        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        jwt.sign(new RSASSASigner(key));
        String token = jwt.serialize();

        StepVerifier.create(callers.caller(token))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(GatewayException.class);
                    assertThat(((GatewayException) error).kind()).isEqualTo(ErrorKind.IDENTITY_UNAVAILABLE);
                    assertThat(error.getMessage()).contains("JWK set");
                    assertThat(error.getMessage()).doesNotContain(token);
                })
                .verify();
    }
}
