package dev.bedrockgateway.access;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import tools.jackson.core.type.TypeReference;

/**
 * The key store shared by every replica, in PostgreSQL; its tables are migrated by Flyway at start-up
 * ({@code db/migration}). Blocking JDBC: {@link KeyAuthenticator} calls it off the event loop and caches its answers
 * for at most a second.
 */
public final class PostgresKeyStore implements KeyStore, AutoCloseable {

    private static final String KEY_COLUMNS = "id, name, team, prefix, models, expires_at, revoked_at, created_at, "
            + "previous_valid_until, requests_per_minute, tokens_per_minute, streams_at_once, daily_budget_usd, "
            + "monthly_budget_usd, model_limits::text as model_limits";
    private static final String TEAM_COLUMNS = "name, created_at, requests_per_minute, tokens_per_minute, "
            + "streams_at_once, daily_budget_usd, monthly_budget_usd";
    private static final TypeReference<Map<String, ModelLimits>> MODEL_LIMITS = new TypeReference<>() {
    };

    /**
     * How long a caller's key lookup may wait for a connection. Keys are read on the request path: while PostgreSQL is
     * down, a lookup gives up after this and the caller gets its last answer or 503 (Hikari's default is 30 s).
     */
    private static final long CONNECTION_TIMEOUT_MS = 1_000;
    /** How long a pooled connection's liveness check may take; below the connection timeout, as Hikari requires. */
    private static final long VALIDATION_TIMEOUT_MS = 500;
    /** A connection that stops answering (a database gone mid-query, no reset) is given up after this, in seconds. */
    private static final int SOCKET_TIMEOUT_SECONDS = 5;

    private final HikariDataSource dataSource;
    private final JdbcClient jdbc;
    private final PlatformTransactionManager transactions;

    private PostgresKeyStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new DataSourceTransactionManager(dataSource);
    }

    /** Connects, migrates the schema to the newest version, and answers the store. */
    public static PostgresKeyStore open(StoreSettings.Postgres settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setSchema(settings.schema());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(VALIDATION_TIMEOUT_MS);
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("connectTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.setPoolName("gateway-store");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).schemas(settings.schema()).defaultSchema(settings.schema())
                    .locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException failed) {
            dataSource.close();
            throw failed;
        }
        return new PostgresKeyStore(dataSource);
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public Team createTeam(String name, Limits limits, Instant at, String actor) {
        return inTransaction(() -> {
            Team team = new Team(name, at, limits);
            try {
                jdbc.sql("insert into teams (" + TEAM_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)")
                        .params(name, Timestamp.from(at), limits.requestsPerMinute(), limits.tokensPerMinute(),
                                limits.streamsAtOnce(), limits.dailyBudgetUsd(), limits.monthlyBudgetUsd())
                        .update();
            } catch (DuplicateKeyException exists) {
                throw new GatewayException(ErrorKind.CONFLICT, "Team '" + name + "' already exists");
            }
            audit(at, actor, "team.create", name, null, team);
            return team;
        });
    }

    @Override
    public List<Team> teams() {
        return jdbc.sql("select " + TEAM_COLUMNS + " from teams order by created_at, name")
                .query(PostgresKeyStore::team).list();
    }

    @Override
    public Optional<Team> team(String name) {
        return jdbc.sql("select " + TEAM_COLUMNS + " from teams where name = ?").param(name)
                .query(PostgresKeyStore::team).optional();
    }

    @Override
    public Team updateTeam(String name, UnaryOperator<Limits> change, Instant at, String actor) {
        return inTransaction(() -> {
            Team before = lockedTeam(name);
            Team after = before.withLimits(change.apply(before.limits()));
            Limits limits = after.limits();
            jdbc.sql("update teams set requests_per_minute = ?, tokens_per_minute = ?, streams_at_once = ?, "
                            + "daily_budget_usd = ?, monthly_budget_usd = ? where name = ?")
                    .params(limits.requestsPerMinute(), limits.tokensPerMinute(), limits.streamsAtOnce(),
                            limits.dailyBudgetUsd(), limits.monthlyBudgetUsd(), name)
                    .update();
            audit(at, actor, "team.update", name, before, after);
            return after;
        });
    }

    @Override
    public Team deleteTeam(String name, Instant at, String actor) {
        return inTransaction(() -> {
            Team team = lockedTeam(name);
            List<AccessKey> members = jdbc.sql("select " + KEY_COLUMNS + " from api_keys where team = ? for update")
                    .param(name).query(PostgresKeyStore::key).list();
            if (members.stream().anyMatch(key -> key.usableAt(at))) {
                throw MemoryKeyStore.liveKeys(name, members, at);
            }
            for (AccessKey dead : members) {
                jdbc.sql("delete from api_keys where id = ?").param(dead.id()).update();
                audit(at, actor, "key.delete", dead.id(), dead, null);
            }
            jdbc.sql("delete from teams where name = ?").param(name).update();
            audit(at, actor, "team.delete", name, team, null);
            return team;
        });
    }

    @Override
    public AccessKey createKey(String id, NewKey key, byte[] secretHash, String prefix, Instant at, String actor) {
        return inTransaction(() -> {
            boolean teamExists = jdbc.sql("select count(*) from teams where name = ?").param(key.team())
                    .query(Long.class).single() > 0;
            if (!teamExists) {
                throw MemoryKeyStore.unknownTeam(key.team());
            }
            Limits limits = key.limits();
            jdbc.sql("insert into api_keys (id, name, team, prefix, secret_hash, models, expires_at, created_at, "
                            + "requests_per_minute, tokens_per_minute, streams_at_once, daily_budget_usd, "
                            + "monthly_budget_usd, model_limits) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb))")
                    .params(id, key.name(), key.team(), prefix, secretHash, String.join(",", key.models()),
                            timestamp(key.expiresAt()), Timestamp.from(at), limits.requestsPerMinute(),
                            limits.tokensPerMinute(), limits.streamsAtOnce(), limits.dailyBudgetUsd(),
                            limits.monthlyBudgetUsd(), AuditJson.of(key.modelLimits()))
                    .update();
            AccessKey created = AccessKey.created(id, key, prefix, at);
            audit(at, actor, "key.create", id, null, created);
            return created;
        });
    }

    @Override
    public List<AccessKey> keys() {
        return jdbc.sql("select " + KEY_COLUMNS + " from api_keys order by created_at, id")
                .query(PostgresKeyStore::key).list();
    }

    @Override
    public Optional<AccessKey> key(String id) {
        return jdbc.sql("select " + KEY_COLUMNS + " from api_keys where id = ?").param(id)
                .query(PostgresKeyStore::key).optional();
    }

    @Override
    public AccessKey updateKey(String id, UnaryOperator<NewKey> change, Instant at, String actor) {
        return inTransaction(() -> {
            AccessKey before = locked(id);
            AccessKey after = before.edited(change.apply(NewKey.of(before)));
            Limits limits = after.limits();
            jdbc.sql("update api_keys set name = ?, models = ?, expires_at = ?, requests_per_minute = ?, "
                            + "tokens_per_minute = ?, streams_at_once = ?, daily_budget_usd = ?, monthly_budget_usd = ?, "
                            + "model_limits = cast(? as jsonb) where id = ?")
                    .params(after.name(), String.join(",", after.models()), timestamp(after.expiresAt()),
                            limits.requestsPerMinute(), limits.tokensPerMinute(), limits.streamsAtOnce(),
                            limits.dailyBudgetUsd(), limits.monthlyBudgetUsd(), AuditJson.of(after.modelLimits()), id)
                    .update();
            audit(at, actor, "key.update", id, before, after);
            return after;
        });
    }

    @Override
    public AccessKey revoke(String id, Instant at, String actor) {
        return inTransaction(() -> {
            AccessKey before = locked(id);
            AccessKey after = before.revokedAt() != null ? before : before.revoked(at);
            jdbc.sql("update api_keys set revoked_at = ? where id = ?").params(timestamp(after.revokedAt()), id)
                    .update();
            audit(at, actor, "key.revoke", id, before, after);
            return after;
        });
    }

    @Override
    public AccessKey rotate(String id, byte[] secretHash, String prefix, Instant previousValidUntil, Instant at,
                            String actor) {
        return inTransaction(() -> {
            AccessKey before = locked(id);
            jdbc.sql("update api_keys set previous_hash = secret_hash, previous_valid_until = ?, secret_hash = ?, "
                            + "prefix = ? where id = ?")
                    .params(Timestamp.from(previousValidUntil), secretHash, prefix, id).update();
            AccessKey after = before.rotated(prefix, previousValidUntil);
            audit(at, actor, "key.rotate", id, before, after);
            return after;
        });
    }

    @Override
    public Optional<AccessKey> findBySecretHash(byte[] secretHash, Instant now) {
        return jdbc.sql("select " + KEY_COLUMNS + ", secret_hash, previous_hash from api_keys "
                        + "where secret_hash = ? or (previous_hash = ? and previous_valid_until > ?)")
                .params(secretHash, secretHash, Timestamp.from(now))
                .query((row, n) -> {
                    // The index found it; the comparison that decides is in constant time.
                    byte[] current = row.getBytes("secret_hash");
                    byte[] previous = row.getBytes("previous_hash");
                    boolean matches = MessageDigest.isEqual(current, secretHash)
                            || (previous != null && MessageDigest.isEqual(previous, secretHash));
                    return matches ? key(row, n) : null;
                })
                .list().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    @Override
    public List<AuditRecord> audit() {
        return jdbc.sql("select id, at, actor, action, target, before::text as before, after::text as after "
                        + "from audit_log order by id")
                .query((row, n) -> new AuditRecord(row.getLong("id"), instant(row, "at"), row.getString("actor"),
                        row.getString("action"), row.getString("target"), row.getString("before"),
                        row.getString("after")))
                .list();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private AccessKey locked(String id) {
        return jdbc.sql("select " + KEY_COLUMNS + " from api_keys where id = ? for update").param(id)
                .query(PostgresKeyStore::key).optional().orElseThrow(() -> MemoryKeyStore.unknownKey(id));
    }

    private Team lockedTeam(String name) {
        return jdbc.sql("select " + TEAM_COLUMNS + " from teams where name = ? for update").param(name)
                .query(PostgresKeyStore::team).optional().orElseThrow(() -> MemoryKeyStore.unknownTeam(name));
    }

    private void audit(Instant at, String actor, String action, String target, Object before, Object after) {
        jdbc.sql("insert into audit_log (at, actor, action, target, before, after) "
                        + "values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))")
                .params(Timestamp.from(at), actor, action, target, AuditJson.of(before), AuditJson.of(after)).update();
    }

    private <T> T inTransaction(Supplier<T> work) {
        TransactionStatus transaction = transactions.getTransaction(TransactionDefinition.withDefaults());
        T done;
        try {
            done = work.get();
        } catch (RuntimeException | Error failed) {
            rollBack(transaction, failed);
            throw failed;
        }
        transactions.commit(transaction);
        return done;
    }

    /**
     * Rolls back after {@code failed}. A connection lost mid-transaction (PostgreSQL went down) cannot roll back
     * either: the caller sees the first failure, the database outage, not the rollback's.
     */
    private void rollBack(TransactionStatus transaction, Throwable failed) {
        try {
            transactions.rollback(transaction);
        } catch (TransactionException alsoFailed) {
            failed.addSuppressed(alsoFailed);
        }
    }

    private static AccessKey key(ResultSet row, int rowNumber) throws SQLException {
        String models = row.getString("models");
        String modelLimits = row.getString("model_limits");
        return new AccessKey(row.getString("id"), row.getString("name"), row.getString("team"),
                row.getString("prefix"), models.isEmpty() ? List.of() : Arrays.asList(models.split(",")),
                instant(row, "expires_at"), instant(row, "revoked_at"), instant(row, "created_at"),
                instant(row, "previous_valid_until"), limits(row),
                modelLimits == null ? Map.of() : AuditJson.read(modelLimits, MODEL_LIMITS));
    }

    private static Team team(ResultSet row, int rowNumber) throws SQLException {
        return new Team(row.getString("name"), instant(row, "created_at"), limits(row));
    }

    private static Limits limits(ResultSet row) throws SQLException {
        return new Limits(row.getObject("requests_per_minute", Integer.class),
                row.getObject("tokens_per_minute", Integer.class), row.getObject("streams_at_once", Integer.class),
                budget(row, "daily_budget_usd"), budget(row, "monthly_budget_usd"));
    }

    /** A budget as it was set: numeric(14, 6) answers 0.500000 for 0.5. */
    private static BigDecimal budget(ResultSet row, String column) throws SQLException {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? null : value.stripTrailingZeros();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
