package dev.bedrockgateway.usage;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL of this machine (127.0.0.1:5432, database test, user postgres, trust auth) as the ledger's tests use
 * it: a schema of their own per run, dropped after; tests skip, saying why, where no server answers.
 */
final class TestPostgres {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final String URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/test";

    final String schema = "gateway_ledger_" + Long.toHexString(System.nanoTime());

    /** Skips the calling test class when no PostgreSQL answers. */
    static TestPostgres orSkip(String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 500);
        } catch (Exception unreachable) {
            Assumptions.abort("No PostgreSQL on " + HOST + ":" + PORT + " (" + unreachable.getMessage() + "): "
                    + what + " is not tested here");
        }
        return new TestPostgres();
    }

    long count(String where) throws SQLException {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from " + schema
                     + ".ledger where " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    BigDecimal sumCost(String where) throws SQLException {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery("select coalesce(sum(cost_usd), 0) from "
                     + schema + ".ledger where " + where)) {
            rows.next();
            return rows.getBigDecimal(1);
        }
    }

    /** One row's columns, by request id. */
    ResultSet row(Connection connection, String requestId) throws SQLException {
        ResultSet rows = connection.createStatement().executeQuery("select * from " + schema
                + ".ledger where request_id = '" + requestId.replace("'", "") + "'");
        rows.next();
        return rows;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", null);
    }

    void drop() throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().execute("drop schema if exists " + schema + " cascade");
        }
    }
}
