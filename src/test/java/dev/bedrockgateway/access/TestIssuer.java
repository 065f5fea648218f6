package dev.bedrockgateway.access;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An identity provider for tests, with no network: an RSA key pair whose public JWK set a JDK HTTP server on the
 * loopback serves, and tokens signed with it (nimbus-jose-jwt) for a fresh subject each.
 */
final class TestIssuer implements AutoCloseable {

    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    private final String issuer;
    private final String audience;
    private final RSAKey signing = newRsaKey();
    /** Same key id as the served key, another key: what a forged signature looks like. */
    private final RSAKey stranger = newRsaKey();
    private final HttpServer server;

    TestIssuer(String issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
        this.server = serve(new JWKSet(signing.toPublicJWK()).toString());
    }

    String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** A token of this issuer and audience, signed by the served key, valid for five minutes, as changed. */
    String token(Consumer<JWTClaimsSet.Builder> changes) throws Exception {
        return sign(signing, changes);
    }

    /** Like {@link #token}, but signed by a key the JWK set does not hold. */
    String forged(Consumer<JWTClaimsSet.Builder> changes) throws Exception {
        return sign(stranger, changes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String sign(RSAKey key, Consumer<JWTClaimsSet.Builder> changes) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("subject-" + SUBJECTS.incrementAndGet())
                .issuer(issuer).audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        changes.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey newRsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("signing").generate();
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static HttpServer serve(String jwks) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve the test's JWK set", e);
        }
    }
}
