package dev.bedrockgateway.access;

import java.time.Instant;
import java.util.List;

/**
 * An API key as stored, without its secret: who it is, which team it spends for, what it may call, and whether it is
 * still good. (Its limits and budgets are later work of issue 18.)
 *
 * @param id                 stable id, e.g. key_3f9c0a1b2c3d4e5f
 * @param name               the admin's name for it
 * @param team               the team it belongs to
 * @param prefix             the secret's first characters, for display
 * @param models             model aliases and route names it may call, each possibly with {@code *}; {@code *} is all
 * @param expiresAt          when it stops working, or null for never
 * @param revokedAt          when it was revoked, or null
 * @param createdAt          when it was created
 * @param previousValidUntil after a rotation, until when the previous secret still works, or null
 */
public record AccessKey(String id, String name, String team, String prefix, List<String> models, Instant expiresAt,
                        Instant revokedAt, Instant createdAt, Instant previousValidUntil) {

    public AccessKey {
        models = List.copyOf(models);
    }

    /** Whether the key may be used at {@code now}: not revoked, not expired. */
    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** Whether any model may be called, so there is nothing to check per request. */
    public boolean allowsEverything() {
        return models.contains("*");
    }

    /** Whether the key may call the model or route of this name. */
    public boolean allows(String name) {
        return name != null && models.stream().anyMatch(pattern -> matches(pattern, name));
    }

    AccessKey revoked(Instant at) {
        return new AccessKey(id, name, team, prefix, models, expiresAt, at, createdAt, previousValidUntil);
    }

    AccessKey rotated(String newPrefix, Instant oldValidUntil) {
        return new AccessKey(id, name, team, newPrefix, models, expiresAt, revokedAt, createdAt, oldValidUntil);
    }

    /** A glob with {@code *} for any run of characters, nothing else special. */
    static boolean matches(String pattern, String name) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(name);
        }
        String head = pattern.substring(0, star);
        if (!name.startsWith(head)) {
            return false;
        }
        String rest = pattern.substring(star + 1);
        String tail = name.substring(head.length());
        for (int from = 0; from <= tail.length(); from++) {
            if (matches(rest, tail.substring(from))) {
                return true;
            }
        }
        return false;
    }
}
