package dev.bedrockgateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * API key secrets: made ({@code gk_} and 32 random bytes), hashed (SHA-256, the only form stored), and read from a
 * request. Neither a key nor its hash is ever logged; its {@link #prefix} may be shown.
 */
public final class KeySecrets {

    public static final String KEY_PREFIX = "gk_";
    public static final String API_KEY_HEADER = "x-api-key";

    /** 256 bits: guessing is hopeless, so one fast hash (no salt, no stretching) is enough to store it. */
    private static final int SECRET_BYTES = 32;
    /** gk_ and the unpadded base64 of 32 bytes. */
    private static final int KEY_LENGTH = KEY_PREFIX.length() + (SECRET_BYTES * 4 + 2) / 3;
    /** Characters after gk_ shown to identify a key: 48 bits, too few to help a guess. */
    private static final int DISPLAY_CHARS = 8;
    private static final String BEARER = "Bearer ";

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    /** A new key: gk_ and the base64url of 32 random bytes. */
    public static String newKey() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Whether a presented secret has the shape of the keys {@link #newKey} makes (gk_ and 43 base64url characters):
     * anything else is no key of this gateway, and is refused without asking the store.
     */
    public static boolean wellFormed(String presented) {
        return presented.length() == KEY_LENGTH && presented.startsWith(KEY_PREFIX)
                && presented.chars().skip(KEY_PREFIX.length()).allMatch(KeySecrets::base64Url);
    }

    private static boolean base64Url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    /** A new record id, e.g. key_3f9c0a1b2c3d4e5f. */
    public static String newId(String prefix) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return prefix + HexFormat.of().formatHex(id);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    /** The part of a key that may be shown: gk_ and its first characters. */
    public static String prefix(String key) {
        return key.substring(0, Math.min(key.length(), KEY_PREFIX.length() + DISPLAY_CHARS));
    }

    /** Whether two secrets are equal, in time that does not depend on where they differ or on their lengths. */
    public static boolean sameSecret(String presented, String expected) {
        return MessageDigest.isEqual(hash(presented), hash(expected));
    }

    /** What the caller sent as {@code Authorization: Bearer <value>} (a key or a JWT), or null. */
    public static String bearer(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String value = authorization.substring(BEARER.length()).trim();
            return value.isEmpty() ? null : value;
        }
        return null;
    }

    /** The key the caller sent: {@code Authorization: Bearer <key>} (OpenAI's SDKs), else {@code x-api-key}; or null. */
    public static String presented(ServerHttpRequest request) {
        String bearer = bearer(request);
        if (bearer != null) {
            return bearer;
        }
        String key = request.getHeaders().getFirst(API_KEY_HEADER);
        return key == null || key.isBlank() ? null : key.trim();
    }
}
