package dev.bedrockgateway.resilience;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;

/**
 * What the gateway does with one kind of failure: the one table of error policy (DESIGN §6). The HTTP status a
 * kind ends in is {@link ErrorKind#status()}; everything else is here, so a new kind cannot fall into a default:
 * {@link #of} is a switch with no default, and the compiler refuses a kind without a row.
 *
 * <p>The breaker judges the model, never the caller or the gateway's own load. A full bulkhead, an open circuit, a
 * cancelled call and throttling are not the model being broken: throttling says "slow down" (Bedrock's quota for
 * the account), so it is retried with back-off, moves on to the next candidate and, when every candidate throttles,
 * reaches the caller as 429 with Retry-After, as Envoy's outlier detection and the AWS SDK's adaptive retry treat it.
 *
 * @param movesOn       another candidate may well succeed, so the dispatcher tries the next one; otherwise the
 *                      request itself is wrong and fails the same way everywhere
 * @param elsewhere     when it moves on, another deployment of the same model may succeed (another region or account:
 *                      its own quota, its own health), so the dispatcher tries the model's next deployment before the
 *                      next model; otherwise the model itself cannot take the request, wherever it runs
 * @param breakerCounts the circuit breaker counts it as the model failing
 * @param retried       the guard retries the same model after a back-off, when the failure is transient
 *                      ({@link GatewayException#isTransient()}: a dropped connection, throttling, a 5xx)
 * @param outcome       the attempt's outcome
 */
public record ErrorPolicy(boolean movesOn, boolean elsewhere, boolean breakerCounts, boolean retried, Outcome outcome) {

    private static final ErrorPolicy CALLER_FAULT = new ErrorPolicy(false, false, false, false, Outcome.REJECTED);
    private static final ErrorPolicy MODEL_CANNOT = new ErrorPolicy(true, false, false, false, Outcome.REJECTED);

    /** The policy of a kind. */
    public static ErrorPolicy of(ErrorKind kind) {
        return switch (kind) {
            // The request is wrong: every model would refuse it, and none of them is broken.
            case INVALID_REQUEST, UPSTREAM_VALIDATION, UNAUTHORIZED, INVALID_API_KEY, FORBIDDEN, MODEL_NOT_ALLOWED,
                 ROUTE_NOT_FOUND, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, CONFLICT, PAYLOAD_TOO_LARGE,
                 UNSUPPORTED_MEDIA_TYPE -> CALLER_FAULT;
            // The gateway's own rate limits refused it before any model was called: no model is involved, and another
            // model would be refused the same (the limits are the caller's, not the model's).
            case RATE_LIMIT_EXCEEDED, LIMITS_UNAVAILABLE -> CALLER_FAULT;
            // Identity could not be checked (the JWT issuer's keys or the key store are out of reach), or the database
            // an admin call or usage report reads is (or the spend counters' Redis, for /v1/usage), before any model was called.
            case IDENTITY_UNAVAILABLE, STORE_UNAVAILABLE, USAGE_UNAVAILABLE -> CALLER_FAULT;
            // The caller's own spend, refused before any model is tried: no model would take it, none is broken.
            case BUDGET_EXCEEDED -> CALLER_FAULT;
            // This model cannot take the request (too long, a feature it lacks); a bigger or abler one may.
            case CONTEXT_LENGTH_EXCEEDED, UNSUPPORTED_BY_MODEL -> MODEL_CANNOT;
            // Bedrock does not know the id here (a region without the model): the next candidate may be elsewhere.
            case MODEL_NOT_FOUND -> new ErrorPolicy(true, true, false, false, Outcome.NOT_FOUND);
            case THROTTLED -> new ErrorPolicy(true, true, false, true, Outcome.THROTTLED);
            case CIRCUIT_OPEN -> new ErrorPolicy(true, true, false, false, Outcome.CIRCUIT_OPEN);
            case BULKHEAD_FULL -> new ErrorPolicy(true, true, false, false, Outcome.BULKHEAD_FULL);
            case UPSTREAM_ERROR -> new ErrorPolicy(true, true, true, true, Outcome.UPSTREAM_ERROR);
            case UPSTREAM_TIMEOUT -> new ErrorPolicy(true, true, true, false, Outcome.TIMEOUT);
            // The model answered, but not in the shape asked for: another model may well keep to the schema, while the
            // same model elsewhere is the same model; it is not broken, and asking it again at once is left to callers.
            case STRUCTURED_OUTPUT_INVALID -> new ErrorPolicy(true, false, false, false, Outcome.INVALID_OUTPUT);
            // A bug of the gateway's own while calling the model: the model may be fine, but nothing else knows.
            case INTERNAL -> new ErrorPolicy(true, true, true, false, Outcome.UPSTREAM_ERROR);
            // Nobody is waiting for an answer any more; the model said nothing either way.
            case CANCELLED -> new ErrorPolicy(false, false, false, false, Outcome.CANCELLED);
        };
    }

    /**
     * Whether the breaker leaves this failure out of its judgement. Anything that is not a gateway error (a time-out
     * of the guard's own time limit, a bug) counts.
     */
    static boolean breakerIgnores(Throwable error) {
        return error instanceof GatewayException failure && !of(failure.kind()).breakerCounts();
    }

    /** Whether the guard tries the same model again after this failure. */
    static boolean retries(Throwable error) {
        return error instanceof GatewayException failure && failure.isTransient() && of(failure.kind()).retried();
    }
}
