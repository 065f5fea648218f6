package dev.bedrockgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.util.EnumSet;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The one table of error policy (DESIGN §6): every kind has a row, and the breaker judges only the model. */
class ErrorPolicyTest {

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void everyKindHasAPolicy(ErrorKind kind) {
        assertThat(ErrorPolicy.of(kind)).isNotNull();
        assertThat(ErrorPolicy.of(kind).outcome()).isNotNull();
    }

    @Test
    void theBreakerCountsOnlyTheModelFailing() {
        EnumSet<ErrorKind> counted = EnumSet.noneOf(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            if (!ErrorPolicy.breakerIgnores(new GatewayException(kind, "x"))) {
                counted.add(kind);
            }
        }
        assertThat(counted).containsExactlyInAnyOrder(ErrorKind.UPSTREAM_ERROR, ErrorKind.UPSTREAM_TIMEOUT,
                ErrorKind.INTERNAL);
        // The guard's own time limit is a model too slow to answer.
        assertThat(ErrorPolicy.breakerIgnores(new TimeoutException())).isFalse();
    }

    @Test
    void throttlingMovesOnIsRetriedWhenTransientAndNeverOpensACircuit() {
        ErrorPolicy throttled = ErrorPolicy.of(ErrorKind.THROTTLED);
        assertThat(throttled.movesOn()).isTrue();
        assertThat(throttled.breakerCounts()).isFalse();
        assertThat(ErrorPolicy.retries(new GatewayException(ErrorKind.THROTTLED, "x", null, null, true))).isTrue();
        // An account quota does not refill in the seconds a retry waits.
        assertThat(ErrorPolicy.retries(new GatewayException(ErrorKind.THROTTLED, "x", null, null, false))).isFalse();
    }

    @Test
    void aRequestTheCallerGotWrongStopsAtOnce() {
        for (ErrorKind kind : new ErrorKind[]{ErrorKind.INVALID_REQUEST, ErrorKind.UPSTREAM_VALIDATION,
                ErrorKind.CANCELLED}) {
            assertThat(ErrorPolicy.of(kind).movesOn()).as(kind.name()).isFalse();
        }
        assertThat(ErrorPolicy.of(ErrorKind.BULKHEAD_FULL).movesOn()).isTrue();
        assertThat(ErrorPolicy.of(ErrorKind.CIRCUIT_OPEN).movesOn()).isTrue();
    }

    /** Another model may keep to the schema; the one that did not is not broken, and elsewhere it is the same model. */
    @Test
    void anAnswerThatBreaksItsSchemaMovesToAnotherModelWithoutCountingAgainstIt() {
        ErrorPolicy invalid = ErrorPolicy.of(ErrorKind.STRUCTURED_OUTPUT_INVALID);
        assertThat(invalid.movesOn()).isTrue();
        assertThat(invalid.elsewhere()).isFalse();
        assertThat(invalid.breakerCounts()).isFalse();
        assertThat(invalid.retried()).isFalse();
        assertThat(invalid.outcome()).isEqualTo(Outcome.INVALID_OUTPUT);
    }

    @Test
    void aRateLimitOfTheCallersOwnStopsAtOnceAndJudgesNoModel() {
        for (ErrorKind kind : new ErrorKind[]{ErrorKind.RATE_LIMIT_EXCEEDED, ErrorKind.LIMITS_UNAVAILABLE}) {
            ErrorPolicy policy = ErrorPolicy.of(kind);
            assertThat(policy.movesOn()).as(kind.name()).isFalse();
            assertThat(policy.breakerCounts()).as(kind.name()).isFalse();
            assertThat(ErrorPolicy.retries(new GatewayException(kind, "x", null, null, true))).as(kind.name())
                    .isFalse();
        }
        // Not Bedrock's throttling: the caller's own limit, with its own code, and still a 429.
        assertThat(ErrorKind.RATE_LIMIT_EXCEEDED.status()).isEqualTo(429);
        assertThat(ErrorKind.RATE_LIMIT_EXCEEDED.code()).isNotEqualTo(ErrorKind.THROTTLED.code());
        assertThat(ErrorKind.LIMITS_UNAVAILABLE.status()).isEqualTo(503);
    }

    @Test
    void anOutageOfTheGatewaysOwnStoresStopsAtOnceAndJudgesNoModel() {
        for (ErrorKind kind : new ErrorKind[]{ErrorKind.IDENTITY_UNAVAILABLE, ErrorKind.STORE_UNAVAILABLE,
                ErrorKind.USAGE_UNAVAILABLE}) {
            ErrorPolicy policy = ErrorPolicy.of(kind);
            assertThat(policy.movesOn()).as(kind.name()).isFalse();
            assertThat(policy.breakerCounts()).as(kind.name()).isFalse();
            assertThat(kind.status()).as(kind.name()).isEqualTo(503);
        }
    }
}
