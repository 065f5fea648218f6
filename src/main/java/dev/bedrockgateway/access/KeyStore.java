package dev.bedrockgateway.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where teams, keys (by the hash of their secret) and the admin audit trail are kept. Every write records its audit
 * row in the same transaction, so an action is either done and audited or not done at all. Methods may block (a
 * database): call them off the event loop when {@link #blocking()}.
 */
public interface KeyStore {

    /** Whether calls wait on I/O, so they must run off the event loop and their answers be cached briefly. */
    boolean blocking();

    /** @throws dev.bedrockgateway.core.GatewayException CONFLICT when the team exists */
    Team createTeam(String name, Instant at, String actor);

    List<Team> teams();

    /** @throws dev.bedrockgateway.core.GatewayException NOT_FOUND when the team does not exist */
    AccessKey createKey(String id, NewKey key, byte[] secretHash, String prefix, Instant at, String actor);

    List<AccessKey> keys();

    Optional<AccessKey> key(String id);

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
