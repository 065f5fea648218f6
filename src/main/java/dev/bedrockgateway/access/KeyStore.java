package dev.bedrockgateway.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where teams, keys (by the hash of their secret) and the admin audit trail are kept. Every write records its audit
 * row in the same transaction, so an action is either done and audited or not done at all. Methods may block (a
 * database): call them off the event loop when {@link #blocking()}.
 */
public interface KeyStore {

    /** Whether calls wait on I/O, so they must run off the event loop and their answers be cached briefly. */
    boolean blocking();

    /** @throws dev.bedrockgateway.core.GatewayException CONFLICT when the team exists */
    Team createTeam(String name, Limits limits, Instant at, String actor);

    List<Team> teams();

    Optional<Team> team(String name);

    /**
     * Changes a team's limits to what {@code change} makes of its current ones, read under a lock, so that two
     * changes at once cannot lose one. When {@code change} throws, nothing is written or audited.
     *
     * @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when there is no such team
     */
    Team updateTeam(String name, UnaryOperator<Limits> change, Instant at, String actor);

    /**
     * Deletes a team, with its keys that can no longer be used (revoked or expired at {@code at}).
     *
     * @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when there is no such team, CONFLICT while it has a
     *                                                  key that still works
     */
    Team deleteTeam(String name, Instant at, String actor);

    /** @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when the team does not exist */
    AccessKey createKey(String id, NewKey key, byte[] secretHash, String prefix, Instant at, String actor);

    List<AccessKey> keys();

    Optional<AccessKey> key(String id);

    /**
     * Changes a key's settings to what {@code change} makes of its current ones, read under a lock. When
     * {@code change} throws, nothing is written or audited.
     *
     * @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when there is no such key
     */
    AccessKey updateKey(String id, UnaryOperator<NewKey> change, Instant at, String actor);

    /** @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when there is no such key */
    AccessKey revoke(String id, Instant at, String actor);

    /**
     * Gives a key a new secret; the previous one keeps working until {@code previousValidUntil}.
     *
     * @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when there is no such key
     */
    AccessKey rotate(String id, byte[] secretHash, String prefix, Instant previousValidUntil, Instant at,
                     String actor);

    /**
     * The key whose current secret, or previous secret still in its grace period at {@code now}, has this hash. It
     * may be revoked or expired: the caller decides.
     */
    Optional<AccessKey> findBySecretHash(byte[] secretHash, Instant now);

    /** The audit trail, oldest first. */
    List<AuditRecord> audit();
}
