package dev.bedrockgateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiErrorHandlerTest {

    /** RFC 9110 §10.2.3: Retry-After is whole seconds; rounding down would send the caller back too early. */
    @ParameterizedTest(name = "{0} ms -> Retry-After: {1}")
    @CsvSource({
            "0,      1",
            "1,      1",
            "999,    1",
            "1000,   1",
            "1001,   2",
            "1400,   2",
            "6999,   7",
            "7000,   7",
            "29700, 30"
    })
    void roundsRetryAfterUpToWholeSecondsOfAtLeastOne(long millis, long seconds) {
        assertThat(ApiErrorHandler.retryAfterSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
    }

    /** A lost or refused database connection, however wrapped, is an outage (503 store_unavailable), not a bug. */
    @Test
    void aDatabaseConnectionThatCannotBeHadIsAnOutageAndOtherSqlErrorsAreNot() {
        assertThat(ApiErrorHandler.databaseUnreachable(new IllegalStateException("wrapped",
                new SQLTransientConnectionException("gateway-store - Connection is not available")))).isTrue();
        assertThat(ApiErrorHandler.databaseUnreachable(new RuntimeException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(ApiErrorHandler.databaseUnreachable(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(ApiErrorHandler.databaseUnreachable(new IllegalStateException("a bug"))).isFalse();
    }
}
