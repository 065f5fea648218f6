package dev.bedrockgateway;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The PostgreSQL of this machine (127.0.0.1:5432, database test, user postgres, trust auth) as tests use it: a schema
 * of their own per run, dropped after, and the ledger's rows in it; tests skip, saying why, where no server answers.
 */
public final class TestPostgres {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    public static final String URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";

    public final String schema = "gateway_test_" + Long.toHexString(System.nanoTime());

    /** Skips the calling test class when no PostgreSQL answers. */
    public static TestPostgres orSkip(String what) {
        RunningGateway.assumeListening(PORT, "PostgreSQL (" + what + ")");
        return new TestPostgres();
    }

    public long count(String where) throws SQLException {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from " + schema
                     + ".ledger where " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public BigDecimal sumCost(String where) throws SQLException {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("select coalesce(sum(cost_usd), 0) from "
                     + schema + ".ledger where " + where)) {
            rows.next();
            return rows.getBigDecimal(1);
        }
    }

    /** One row's columns, by request id. */
    public ResultSet row(Connection connection, String requestId) throws SQLException {
        ResultSet rows = connection.createStatement().executeQuery("select * from " + schema
                + ".ledger where request_id = '" + requestId.replace("'", "") + "'");
        rows.next();
        return rows;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", null);
    }

    public void drop() throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().execute("drop schema if exists " + schema + " cascade");
        }
    }
}
