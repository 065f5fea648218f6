package dev.bedrockgateway.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an admin sets on a key, at creation or by a PATCH: everything but its id, secret and history.
 *
 * @param limits      the key's own limits; {@link Limits#NONE} when unlimited
 * @param modelLimits request and token rates per model alias or route name, on top of {@code limits}
 */
public record NewKey(String name, String team, List<String> models, Instant expiresAt, Limits limits,
                     Map<String, ModelLimits> modelLimits) {

    public NewKey {
        models = models == null ? null : List.copyOf(models);
        limits = limits == null ? Limits.NONE : limits;
        modelLimits = modelLimits == null ? Map.of() : Map.copyOf(modelLimits);
    }

    /** The settings a key has now, for a PATCH to change. */
    public static NewKey of(AccessKey key) {
        return new NewKey(key.name(), key.team(), key.models(), key.expiresAt(), key.limits(), key.modelLimits());
    }
}
