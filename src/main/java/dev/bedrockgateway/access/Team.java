package dev.bedrockgateway.access;

import java.time.Instant;

/**
 * A team: the unit keys belong to, and whose limits and budgets all its keys share.
 *
 * @param limits what the team's keys may use together; {@link Limits#NONE} when unlimited
 */
public record Team(String name, Instant createdAt, Limits limits) {

    public Team {
        limits = limits == null ? Limits.NONE : limits;
    }

    /** This team with other limits. */
    public Team withLimits(Limits changed) {
        return new Team(name, createdAt, changed);
    }
}
