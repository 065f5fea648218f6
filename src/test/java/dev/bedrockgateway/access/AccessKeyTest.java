package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Keys: their secrets, their patterns of allowed models, and where a caller's key is read from. */
class AccessKeyTest {

    @Test
    void aSecretIsGkAnd32RandomBytesShownByItsPrefixOnly() {
        String key = KeySecrets.newKey();
        assertThat(key).matches("gk_[A-Za-z0-9_-]{43}");
        assertThat(KeySecrets.newKey()).isNotEqualTo(key);
        assertThat(KeySecrets.prefix(key)).hasSize(11).isEqualTo(key.substring(0, 11));
        assertThat(KeySecrets.hash(key)).hasSize(32).isEqualTo(KeySecrets.hash(key));
        assertThat(KeySecrets.sameSecret(key, key)).isTrue();
        assertThat(KeySecrets.sameSecret(key, key + "x")).isFalse();
    }

    @Test
    void allowedModelsAreNamesOrStarPatterns() {
        AccessKey key = new AccessKey("key_1", "k", "t", "gk_", List.of("llama3-*", "chat", "*-haiku"), null, null,
                Instant.EPOCH, null, Limits.NONE, Map.of());
        assertThat(key.allows("llama3-8b")).isTrue();
        assertThat(key.allows("chat")).isTrue();
        assertThat(key.allows("claude-3-haiku")).isTrue();
        assertThat(key.allows("chatty")).isFalse();
        assertThat(key.allows("mistral-large")).isFalse();
        assertThat(key.allowsEverything()).isFalse();
    }

    @Test
    void aKeyIsUsableUntilRevokedOrExpired() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        AccessKey key = new AccessKey("key_1", "k", "t", "gk_", List.of("*"), now.plusSeconds(1), null, now, null,
                Limits.NONE, Map.of());
        assertThat(key.usableAt(now)).isTrue();
        assertThat(key.usableAt(now.plusSeconds(1))).isFalse();
        assertThat(key.revoked(now).usableAt(now)).isFalse();
    }

    @Test
    void theKeyIsReadFromBearerThenXApiKey() {
        assertThat(KeySecrets.presented(MockServerHttpRequest.get("/").header("Authorization", "Bearer gk_a")
                .header("x-api-key", "gk_b").build())).isEqualTo("gk_a");
        assertThat(KeySecrets.presented(MockServerHttpRequest.get("/").header("x-api-key", "gk_b").build()))
                .isEqualTo("gk_b");
        assertThat(KeySecrets.presented(MockServerHttpRequest.get("/").header("Authorization", "Basic eDp5")
                .build())).isNull();
    }
}
