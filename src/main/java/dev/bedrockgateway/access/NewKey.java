package dev.bedrockgateway.access;

import java.time.Instant;
import java.util.List;

/** What an admin asks for when creating a key, already checked. */
public record NewKey(String name, String team, List<String> models, Instant expiresAt) {

    public NewKey {
        models = List.copyOf(models);
    }
}
