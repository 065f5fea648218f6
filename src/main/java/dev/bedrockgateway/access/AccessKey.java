package dev.bedrockgateway.access;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An API key as stored, without its secret: who it is, which team it spends for, what it may call, and whether it is
 * still good, and what it may use.
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
 * @param limits             the key's own limits ({@link Limits#NONE} when unlimited); its team's apply as well
 * @param modelLimits        request and token rates per model alias or route name, on top of {@code limits}
 */
public record AccessKey(String id, String name, String team, String prefix, List<String> models, Instant expiresAt,
                        Instant revokedAt, Instant createdAt, Instant previousValidUntil, Limits limits,
                        Map<String, ModelLimits> modelLimits) {

    public AccessKey {
        models = List.copyOf(models);
        limits = limits == null ? Limits.NONE : limits;
        // Sorted, so that the audit's before and after list them in one order.
        modelLimits = modelLimits == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(modelLimits));
    }

    /** A key as created: not revoked, never rotated. */
    static AccessKey created(String id, NewKey key, String prefix, Instant at) {
        return new AccessKey(id, key.name(), key.team(), prefix, key.models(), key.expiresAt(), null, at, null,
                key.limits(), key.modelLimits());
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

    /** The request and token rates of this key for one model or route, or null when it has none of its own. */
    public ModelLimits limitsFor(String modelOrRoute) {
        return modelOrRoute == null ? null : modelLimits.get(modelOrRoute);
    }

    AccessKey revoked(Instant at) {
        return new AccessKey(id, name, team, prefix, models, expiresAt, at, createdAt, previousValidUntil, limits,
                modelLimits);
    }

    AccessKey rotated(String newPrefix, Instant oldValidUntil) {
        return new AccessKey(id, name, team, newPrefix, models, expiresAt, revokedAt, createdAt, oldValidUntil,
                limits, modelLimits);
    }

    /** This key with the settings of {@code changed} (its team stays). */
    AccessKey edited(NewKey changed) {
        return new AccessKey(id, changed.name(), team, prefix, changed.models(), changed.expiresAt(), revokedAt,
                createdAt, previousValidUntil, changed.limits(), changed.modelLimits());
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
