package dev.bedrockgateway.access;

/**
 * One way callers may prove who they are ({@code gateway.auth.mode} lists one or more): nobody needs to
 * ({@code none}), an API key of the key store ({@code keys}), or a JWT of the configured issuer ({@code jwt}).
 */
public enum AuthMode {
    NONE,
    KEYS,
    JWT
}
