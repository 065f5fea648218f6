package dev.bedrockgateway.access;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * What the admin API does with teams and keys: checks the input, makes the secrets, and writes through the store
 * (which audits each write in the same transaction). A shared store is called off the event loop.
 */
public final class AccessAdmin {

    /** Who the audit names for an action taken with the admin key. */
    public static final String ADMIN = "admin";
    /** Where a request's actor other than the admin key (a JWT's {@code jwt:<sub>}) is kept in the Reactor context. */
    private static final String ACTOR = AccessAdmin.class.getName() + ".actor";

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

    /** @param limits what the team's keys may use together ({@link Limits#NONE} for no limit) */
    public Mono<Team> createTeam(String name, Limits limits) {
        if (name == null || !TEAM_NAME.matcher(name).matches()) {
            return Mono.error(GatewayException.invalid("name", "A team name is 1 to 63 characters: lower-case letters, "
                    + "digits, '-' and '_', starting with a letter or digit"));
        }
        return checked(limits::checked)
                .flatMap(checked -> write(actor -> store.createTeam(name, checked, now(), actor)));
    }

    public Mono<List<Team>> teams() {
        return read(store::teams);
    }

    public Mono<Team> team(String name) {
        return read(() -> store.team(name).orElseThrow(() -> MemoryKeyStore.unknownTeam(name)));
    }

    /**
     * Changes a team's limits to what {@code change} makes of its current ones; a change that fails, or whose result
     * is not valid, writes nothing.
     */
    public Mono<Team> updateTeam(String name, UnaryOperator<Limits> change) {
        return write(actor -> store.updateTeam(name, current -> change.apply(current).checked(), now(), actor));
    }

    /** Deletes a team with no key that still works (and its dead keys); 409 otherwise. */
    public Mono<Team> deleteTeam(String name) {
        return write(actor -> store.deleteTeam(name, now(), actor));
    }

    /**
     * Creates a key. Its {@code models} (aliases and route names, {@code *} patterns) may be null, meaning all; its
     * team must exist; {@code expiresAt} may be null.
     */
    public Mono<IssuedKey> createKey(NewKey asked) {
        return checked(() -> checkedKey(asked, null)).flatMap(key -> {
            String secret = KeySecrets.newKey();
            return write(actor -> new IssuedKey(store.createKey(KeySecrets.newId("key_"), key,
                    KeySecrets.hash(secret), KeySecrets.prefix(secret), now(), actor), secret));
        });
    }

    /**
     * Changes a key's settings to what {@code change} makes of its current ones; a change that fails, or whose result
     * is not valid (another team, a past expiry that was not there before), writes nothing.
     */
    public Mono<AccessKey> updateKey(String id, UnaryOperator<NewKey> change) {
        return write(actor -> store.updateKey(id, current -> checkedKey(change.apply(current), current), now(), actor));
    }

    public Mono<List<AccessKey>> keys() {
        return read(store::keys);
    }

    public Mono<AccessKey> key(String id) {
        return read(() -> store.key(id).orElseThrow(() -> MemoryKeyStore.unknownKey(id)));
    }

    public Mono<AccessKey> revoke(String id) {
        return write(actor -> store.revoke(id, now(), actor));
    }

    /** A new secret for the key; the old one keeps working for {@code grace}. */
    public Mono<IssuedKey> rotate(String id, Duration grace) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            return Mono.error(GatewayException.invalid("grace_seconds", "grace_seconds must be between 0 and "
                    + MAX_GRACE.toSeconds() + " (7 days)"));
        }
        String secret = KeySecrets.newKey();
        return write(actor -> {
            Instant now = now();
            AccessKey current = store.key(id).orElseThrow(() -> MemoryKeyStore.unknownKey(id));
            if (current.revokedAt() != null) {
                throw new GatewayException(ErrorKind.CONFLICT, "Key '" + id + "' is revoked; create a new one");
            }
            return new IssuedKey(store.rotate(id, KeySecrets.hash(secret), KeySecrets.prefix(secret), now.plus(grace),
                    now, actor), secret);
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

    /** A write, audited as done by the request's actor ({@link #actingAs}), else by the admin key. */
    private <T> Mono<T> write(Function<String, T> work) {
        return Mono.deferContextual(context -> read(() -> work.apply(context.getOrDefault(ACTOR, ADMIN))))
                .doOnSuccess(done -> authenticator.forgetCached());
    }

    /** Marks the admin calls of a request as done by {@code actor} (e.g. {@code jwt:alice}), for the audit. */
    public static Context actingAs(Context context, String actor) {
        return context.put(ACTOR, actor);
    }

    /** A check's answer, or its refusal, as a Mono. */
    private static <T> Mono<T> checked(Supplier<T> check) {
        try {
            return Mono.just(check.get());
        } catch (GatewayException invalid) {
            return Mono.error(invalid);
        }
    }

    /**
     * A key's settings, checked; each refusal is a 400 naming the field.
     *
     * @param current the key's settings before a PATCH, or null at creation
     */
    private NewKey checkedKey(NewKey key, NewKey current) {
        if (current != null && !current.team().equals(key.team())) {
            throw GatewayException.invalid("team", "A key cannot move to another team (its spend is the team's); "
                    + "create a key in team '" + key.team() + "' instead");
        }
        Instant expiresAt = current != null && Objects.equals(current.expiresAt(), key.expiresAt()) ? key.expiresAt()
                : checkedExpiry(key.expiresAt());
        return new NewKey(checkedName(key.name()), checkedTeam(key.team()), checkedModels(key.models()), expiresAt,
                key.limits().checked(), checkedModelLimits(key.modelLimits()));
    }

    private static Map<String, ModelLimits> checkedModelLimits(Map<String, ModelLimits> limits) {
        if (limits.size() > MAX_MODELS) {
            throw GatewayException.invalid("model_limits", "model_limits names at most " + MAX_MODELS
                    + " models or routes");
        }
        limits.forEach((model, rates) -> {
            if (!MODEL_PATTERN.matcher(model).matches() || model.contains("*")) {
                throw GatewayException.invalid("model_limits", "Not a model alias or route name: '" + model
                        + "' (letters, digits, . _ - : / only)");
            }
            if (rates == null) {
                throw GatewayException.invalid("model_limits." + model, "model_limits." + model + " must be an object "
                        + "such as {\"requests_per_minute\": 10}");
            }
            rates.checked(model);
        });
        return limits;
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
