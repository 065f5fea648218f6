package dev.bedrockgateway.access;

import java.time.Instant;

/** A team: the unit keys belong to and, later, share limits and budgets in. */
public record Team(String name, Instant createdAt) {
}
