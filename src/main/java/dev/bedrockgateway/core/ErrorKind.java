package dev.bedrockgateway.core;

/**
 * Every way a request can fail, with the HTTP status and the stable code callers see.
 * Both APIs map a {@link GatewayException} to HTTP through this one table.
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request", "Invalid request"),
    UPSTREAM_VALIDATION(400, "upstream_validation", "Model rejected the request"),
    /** The admin API's key is missing or wrong. */
    UNAUTHORIZED(401, "unauthorized", "Missing or wrong admin key"),
    /** The caller's API key is missing, unknown, revoked or expired (OpenAI's code for the same). */
    INVALID_API_KEY(401, "invalid_api_key", "Missing or invalid API key"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    /** The caller's API key may not use the model or route it asked for. */
    MODEL_NOT_ALLOWED(403, "model_not_allowed", "Model not allowed for this key"),
    MODEL_NOT_FOUND(404, "model_not_found", "Unknown model"),
    ROUTE_NOT_FOUND(404, "route_not_found", "Unknown route"),
    NOT_FOUND(404, "not_found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not_acceptable", "Not acceptable"),
    /** An admin write that clashes with what is stored (a team that already exists). */
    CONFLICT(409, "conflict", "Conflicts with what exists"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    CONTEXT_LENGTH_EXCEEDED(422, "context_length_exceeded", "Prompt does not fit the model"),
    UNSUPPORTED_BY_MODEL(422, "unsupported_by_model", "The model cannot serve this request"),
    THROTTLED(429, "throttled", "Too many requests"),
    /** The caller's key or team is over one of its rate limits (requests or tokens per minute, streams at once). */
    RATE_LIMIT_EXCEEDED(429, "rate_limit_exceeded", "Rate limit exceeded"),
    /** The caller's key or team has spent its daily or monthly budget; Retry-After says when the window ends. */
    BUDGET_EXCEEDED(429, "budget_exceeded", "Budget exceeded"),
    UPSTREAM_ERROR(502, "upstream_error", "Upstream failure"),
    /** A structured output (response_format) that is not JSON, or not JSON the caller's strict schema allows. */
    STRUCTURED_OUTPUT_INVALID(502, "structured_output_invalid", "Answer does not match the requested format"),
    CIRCUIT_OPEN(503, "circuit_open", "Model temporarily unavailable"),
    BULKHEAD_FULL(503, "bulkhead_full", "Model at its concurrency limit"),
    /** The rate limits' store (Redis) cannot be reached and the gateway is set to refuse what it cannot check. */
    LIMITS_UNAVAILABLE(503, "limits_unavailable", "Rate limits cannot be checked"),
    /** JWT callers cannot be checked: the issuer's keys (its JWK set) cannot be fetched. Not the caller's fault. */
    IDENTITY_UNAVAILABLE(503, "identity_unavailable", "Callers cannot be checked"),
    /**
     * The gateway's database (PostgreSQL: keys, teams, audit, ledger) cannot be reached, so an admin call or a usage
     * report cannot be answered now. Not the caller's fault; model calls of keys read lately go on meanwhile.
     */
    STORE_UNAVAILABLE(503, "store_unavailable", "Database unavailable"),
    /** A caller's spend cannot be read for {@code GET /v1/usage}: its counters' store (Redis) does not answer. */
    USAGE_UNAVAILABLE(503, "usage_unavailable", "Spend cannot be read"),
    UPSTREAM_TIMEOUT(504, "upstream_timeout", "Upstream time limit passed"),
    INTERNAL(500, "internal_error", "Internal error"),
    /** The caller closed the connection before its answer (nginx's 499): logged and counted, never sent. */
    CANCELLED(499, "cancelled", "Client closed the request");

    private final int status;
    private final String code;
    private final String title;

    ErrorKind(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
