package dev.bedrockgateway.access;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The key store of one replica, in memory: the default, needing nothing, forgotten at restart. One lock: admin
 * writes are rare, and a lookup is a map read.
 */
public final class MemoryKeyStore implements KeyStore {

    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, Stored> keys = new LinkedHashMap<>();
    /** Hex of a secret's hash to the key's id, for the current and the previous secret. */
    private final Map<String, String> bySecret = new LinkedHashMap<>();
    private final List<AuditRecord> audit = new ArrayList<>();

    /** A key with the hashes of its secrets. */
    private record Stored(AccessKey key, byte[] secretHash, byte[] previousHash) {
    }

    @Override
    public boolean blocking() {
        return false;
    }

    @Override
    public synchronized Team createTeam(String name, Limits limits, Instant at, String actor) {
        if (teams.containsKey(name)) {
            throw new GatewayException(ErrorKind.CONFLICT, "Team '" + name + "' already exists");
        }
        Team team = new Team(name, at, limits);
        teams.put(name, team);
        audit(at, actor, "team.create", name, null, team);
        return team;
    }

    @Override
    public synchronized List<Team> teams() {
        return List.copyOf(teams.values());
    }

    @Override
    public synchronized Optional<Team> team(String name) {
        return Optional.ofNullable(teams.get(name));
    }

    @Override
    public synchronized Team updateTeam(String name, UnaryOperator<Limits> change, Instant at, String actor) {
        Team before = teams.get(name);
        if (before == null) {
            throw unknownTeam(name);
        }
        Team after = before.withLimits(change.apply(before.limits()));
        teams.put(name, after);
        audit(at, actor, "team.update", name, before, after);
        return after;
    }

    @Override
    public synchronized Team deleteTeam(String name, Instant at, String actor) {
        Team team = teams.get(name);
        if (team == null) {
            throw unknownTeam(name);
        }
        List<AccessKey> members = keys.values().stream().map(Stored::key).filter(key -> key.team().equals(name))
                .toList();
        if (members.stream().anyMatch(key -> key.usableAt(at))) {
            throw liveKeys(name, members, at);
        }
        for (AccessKey dead : members) {
            Stored stored = keys.remove(dead.id());
            bySecret.remove(hex(stored.secretHash()));
            if (stored.previousHash() != null) {
                bySecret.remove(hex(stored.previousHash()));
            }
            audit(at, actor, "key.delete", dead.id(), dead, null);
        }
        teams.remove(name);
        audit(at, actor, "team.delete", name, team, null);
        return team;
    }

    @Override
    public synchronized AccessKey createKey(String id, NewKey key, byte[] secretHash, String prefix, Instant at,
                                            String actor) {
        if (!teams.containsKey(key.team())) {
            throw unknownTeam(key.team());
        }
        AccessKey created = AccessKey.created(id, key, prefix, at);
        keys.put(id, new Stored(created, secretHash, null));
        bySecret.put(hex(secretHash), id);
        audit(at, actor, "key.create", id, null, created);
        return created;
    }

    @Override
    public synchronized List<AccessKey> keys() {
        return keys.values().stream().map(Stored::key).toList();
    }

    @Override
    public synchronized Optional<AccessKey> key(String id) {
        return Optional.ofNullable(keys.get(id)).map(Stored::key);
    }

    @Override
    public synchronized AccessKey updateKey(String id, UnaryOperator<NewKey> change, Instant at, String actor) {
        Stored stored = stored(id);
        AccessKey after = stored.key().edited(change.apply(NewKey.of(stored.key())));
        keys.put(id, new Stored(after, stored.secretHash(), stored.previousHash()));
        audit(at, actor, "key.update", id, stored.key(), after);
        return after;
    }

    @Override
    public synchronized AccessKey revoke(String id, Instant at, String actor) {
        Stored stored = stored(id);
        AccessKey revoked = stored.key().revokedAt() != null ? stored.key() : stored.key().revoked(at);
        keys.put(id, new Stored(revoked, stored.secretHash(), stored.previousHash()));
        audit(at, actor, "key.revoke", id, stored.key(), revoked);
        return revoked;
    }

    @Override
    public synchronized AccessKey rotate(String id, byte[] secretHash, String prefix, Instant previousValidUntil,
                                         Instant at, String actor) {
        Stored stored = stored(id);
        if (stored.previousHash() != null) {
            bySecret.remove(hex(stored.previousHash()));
        }
        AccessKey rotated = stored.key().rotated(prefix, previousValidUntil);
        keys.put(id, new Stored(rotated, secretHash, stored.secretHash()));
        bySecret.put(hex(secretHash), id);
        audit(at, actor, "key.rotate", id, stored.key(), rotated);
        return rotated;
    }

    @Override
    public synchronized Optional<AccessKey> findBySecretHash(byte[] secretHash, Instant now) {
        Stored stored = keys.get(bySecret.get(hex(secretHash)));
        if (stored == null) {
            return Optional.empty();
        }
        if (MessageDigest.isEqual(stored.secretHash(), secretHash)) {
            return Optional.of(stored.key());
        }
        Instant graceEnds = stored.key().previousValidUntil();
        boolean inGrace = graceEnds != null && now.isBefore(graceEnds);
        return inGrace && MessageDigest.isEqual(stored.previousHash(), secretHash) ? Optional.of(stored.key())
                : Optional.empty();
    }

    @Override
    public synchronized List<AuditRecord> audit() {
        return List.copyOf(audit);
    }

    private Stored stored(String id) {
        Stored stored = keys.get(id);
        if (stored == null) {
            throw unknownKey(id);
        }
        return stored;
    }

    private void audit(Instant at, String actor, String action, String target, Object before, Object after) {
        audit.add(new AuditRecord(audit.size() + 1L, at, actor, action, target, AuditJson.of(before),
                AuditJson.of(after)));
    }

    private static String hex(byte[] hash) {
        return hash == null ? null : HexFormat.of().formatHex(hash);
    }

    static GatewayException unknownTeam(String team) {
        return new GatewayException(ErrorKind.NOT_FOUND, "Team '" + team + "' does not exist; create it first with "
                + "POST /admin/v1/teams");
    }

    /** A team that still has a key that works cannot go: its callers would keep spending for nobody. */
    static GatewayException liveKeys(String team, List<AccessKey> keys, Instant at) {
        List<String> live = keys.stream().filter(key -> key.usableAt(at)).map(AccessKey::id).toList();
        return new GatewayException(ErrorKind.CONFLICT, "Team '" + team + "' still has " + live.size()
                + " key(s) that work: " + String.join(", ", live) + "; revoke them first (DELETE /admin/v1/keys/{id})");
    }

    static GatewayException unknownKey(String id) {
        return new GatewayException(ErrorKind.NOT_FOUND, "Key '" + id + "' does not exist");
    }
}
