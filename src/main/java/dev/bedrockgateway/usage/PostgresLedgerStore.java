package dev.bedrockgateway.usage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bedrockgateway.access.StoreSettings;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger in PostgreSQL, table {@code ledger} ({@code db/migration/V3__ledger.sql}, migrated with the key store's
 * tables). It has a small pool of its own that gives up quickly, so that an outage makes its writer fail fast and try
 * again later rather than hang, and never takes a connection the key store needs.
 */
final class PostgresLedgerStore implements LedgerStore, AutoCloseable {

    /** The ledger's writer and the usage queries: two connections are enough, and leave the database alone. */
    private static final int POOL_SIZE = 2;
    /** How long a write may wait for a connection before its batch is tried again later. */
    private static final long CONNECTION_TIMEOUT_MS = 2_000;
    /** A connection that stops answering (a database gone mid-query) is given up after this, in seconds. */
    private static final int SOCKET_TIMEOUT_SECONDS = 10;

    private static final String INSERT = "insert into ledger (id, request_id, at, key_id, team, model, "
            + "bedrock_model_id, route, deployment, input_tokens, output_tokens, cost_usd, status, latency_ms) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing";

    private final HikariDataSource dataSource;
    private final JdbcTemplate template;
    private final JdbcClient jdbc;

    private PostgresLedgerStore(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.template = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** Connects to the store's database; its schema is already migrated by the key store. */
    static PostgresLedgerStore open(StoreSettings.Postgres settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setSchema(settings.schema());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        config.addDataSourceProperty("connectTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        // A batch as a few multi-row inserts rather than one insert per row: far less of the database's CPU per row.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.setPoolName("gateway-ledger");
        return new PostgresLedgerStore(new HikariDataSource(config));
    }

    @Override
    public void write(List<LedgerRow> rows) {
        template.batchUpdate(INSERT, rows, rows.size(), (statement, row) -> {
            statement.setObject(1, row.id());
            statement.setString(2, row.requestId());
            statement.setTimestamp(3, Timestamp.from(row.at()));
            statement.setString(4, row.keyId());
            statement.setString(5, row.team());
            statement.setString(6, row.model());
            statement.setString(7, row.bedrockModelId());
            statement.setString(8, row.route());
            statement.setString(9, row.deployment());
            statement.setInt(10, row.inputTokens());
            statement.setInt(11, row.outputTokens());
            statement.setBigDecimal(12, row.costUsd());
            statement.setString(13, row.status());
            statement.setLong(14, row.latencyMs());
        });
    }

    @Override
    public BigDecimal spent(Payer payer, Instant from, Instant to) {
        String column = payer.kind() == Payer.Kind.KEY ? "key_id" : "team";
        return jdbc.sql("select coalesce(sum(cost_usd), 0) from ledger where " + column + " = ? and at >= ? and at < ?")
                .params(payer.id(), Timestamp.from(from), Timestamp.from(to))
                .query(BigDecimal.class).single();
    }

    @Override
    public List<UsageLine> usage(GroupBy groupBy, Instant from, Instant to) {
        String group = switch (groupBy) {
            case TEAM -> "team";
            case KEY -> "key_id";
            case MODEL -> "model";
            case DAY -> "to_char(at at time zone 'UTC', 'YYYY-MM-DD')";
        };
        return jdbc.sql("select coalesce(" + group + ", '" + GroupBy.NONE + "') as grp, count(*) as requests, "
                        + "coalesce(sum(input_tokens), 0) as input_tokens, "
                        + "coalesce(sum(output_tokens), 0) as output_tokens, coalesce(sum(cost_usd), 0) as cost "
                        + "from ledger where at >= ? and at < ? group by grp order by grp")
                .params(Timestamp.from(from), Timestamp.from(to))
                .query((row, n) -> new UsageLine(row.getString("grp"), row.getLong("requests"),
                        row.getLong("input_tokens"), row.getLong("output_tokens"), row.getBigDecimal("cost")))
                .list();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
