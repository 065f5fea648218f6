package dev.bedrockgateway.access;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the admin API does with teams and keys: checks the input, makes the secrets, and writes through the store
 * (which audits each write in the same transaction). A shared store is called off the event loop.
 */
public final class AccessAdmin {

    /** Who the audit names for an action taken with the admin key (a JWT's subject, later). */
    public static final String ADMIN = "admin";

    /** Longest grace period a rotated-out secret may get: a rotation is meant to end, not to make a second key. */
    static final Duration MAX_GRACE = Duration.ofDays(7);

    private static final Pattern TEAM_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern MODEL_PATTERN = Pattern.compile("[A-Za-z0-9._:/*-]{1,200}");
    private static final int MAX_KEY_NAME = 200;
    private static final int MAX_MODELS = 100;

    private final KeyStore store;
    private final KeyAuthenticator authenticator;
    private final Clock clock;

    public AccessAdmin(KeyStore store, KeyAuthenticator authenticator, Clock clock) {
        this.store = store;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** A key as created or rotated: the only time its secret is known. */
    public record IssuedKey(AccessKey key, String secret) {
    }

    public Mono<Team> createTeam(String name) {
        if (name == null || !TEAM_NAME.matcher(name).matches()) {
            return Mono.error(GatewayException.invalid("name", "A team name is 1 to 63 characters: lower-case letters, "
                    + "digits, '-' and '_', starting with a letter or digit"));
        }
        return write(() -> store.createTeam(name, now(), ADMIN));
    }

    public Mono<List<Team>> teams() {
        return read(store::teams);
    }

    /**
     * @param name      the admin's name for the key
     * @param team      the team it spends for; must exist
     * @param models    aliases and route names it may call ({@code *} patterns); null or absent means all
     * @param expiresAt when it stops working, or null
     */
    public Mono<IssuedKey> createKey(String name, String team, List<String> models, Instant expiresAt) {
        NewKey key;
        try {
            key = new NewKey(checkedName(name), checkedTeam(team), checkedModels(models), checkedExpiry(expiresAt));
        } catch (GatewayException invalid) {
            return Mono.error(invalid);
        }
        String secret = KeySecrets.newKey();
        return write(() -> new IssuedKey(store.createKey(KeySecrets.newId("key_"), key, KeySecrets.hash(secret),
                KeySecrets.prefix(secret), now(), ADMIN), secret));
    }

    public Mono<List<AccessKey>> keys() {
        return read(store::keys);
    }

    public Mono<AccessKey> key(String id) {
        return read(() -> store.key(id).orElseThrow(() -> MemoryKeyStore.unknownKey(id)));
    }

    public Mono<AccessKey> revoke(String id) {
        return write(() -> store.revoke(id, now(), ADMIN));
    }

    /** A new secret for the key; the old one keeps working for {@code grace}. */
    public Mono<IssuedKey> rotate(String id, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            return Mono.error(GatewayException.invalid("grace_seconds", "grace_seconds must be between 0 and "
                    + MAX_GRACE.toSeconds() + " (7 days)"));
        }
        String secret = KeySecrets.newKey();
        return write(() -> {
            Instant now = now();
            AccessKey current = store.key(id).orElseThrow(() -> MemoryKeyStore.unknownKey(id));
            if (current.revokedAt() != null) {
                throw new GatewayException(ErrorKind.CONFLICT, "Key '" + id + "' is revoked; create a new one");
            }
            return new IssuedKey(store.rotate(id, KeySecrets.hash(secret), KeySecrets.prefix(secret), now.plus(grace),
                    now, ADMIN), secret);
        });
    }

    public Mono<List<AuditRecord>> audit() {
        return read(store::audit);
    }

    private Instant now() {
        // The database keeps microseconds; keep what is answered equal to what is stored.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private <T> Mono<T> read(Callable<T> work) {
        Mono<T> call = Mono.fromCallable(work);
        return store.blocking() ? call.subscribeOn(Schedulers.boundedElastic()) : call;
    }

    private <T> Mono<T> write(Callable<T> work) {
        return read(work).doOnSuccess(done -> authenticator.forgetCached());
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_KEY_NAME) {
            throw GatewayException.invalid("name", "A key needs a name of 1 to " + MAX_KEY_NAME + " characters");
        }
        return name;
    }

    private static String checkedTeam(String team) {
        if (team == null || team.isBlank()) {
            throw GatewayException.invalid("team", "A key needs the team it belongs to");
        }
        return team;
    }

    private static List<String> checkedModels(List<String> models) {
        if (models == null) {
            return List.of("*");
        }
        if (models.isEmpty() || models.size() > MAX_MODELS) {
            throw GatewayException.invalid("models", "models lists 1 to " + MAX_MODELS + " aliases or route names "
                    + "(leave it out, or give [\"*\"], for every model)");
        }
        for (String model : models) {
            if (model == null || !MODEL_PATTERN.matcher(model).matches()) {
                throw GatewayException.invalid("models", "Not a model alias, route name or pattern: '" + model
                        + "' (letters, digits, . _ - : / and * only)");
            }
        }
        return List.copyOf(models);
    }

    private Instant checkedExpiry(Instant expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw GatewayException.invalid("expires_at", "expires_at is in the past: " + expiresAt);
        }
        return expiresAt;
    }
}
