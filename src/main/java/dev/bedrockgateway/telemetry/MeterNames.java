package dev.bedrockgateway.telemetry;

/** Every meter the gateway publishes, named in one place (DESIGN §7). */
public final class MeterNames {

    public static final String REQUESTS = "gateway.requests";
    public static final String REQUEST_DURATION = "gateway.request.duration";
    public static final String UPSTREAM_DURATION = "gateway.upstream.duration";
    public static final String OVERHEAD = "gateway.overhead";
    public static final String TOKENS = "gateway.tokens";
    public static final String COST = "gateway.cost";
    public static final String FALLBACKS = "gateway.fallbacks";
    /** Tries of a model at one of its deployments (model, deployment, outcome), on requests that got an answer. */
    public static final String ATTEMPTS = "gateway.attempts";
    /** Circuit state changes per model (from, to); Resilience4j's own meters give the current state. */
    public static final String CIRCUIT_TRANSITIONS = "gateway.circuit.transitions";
    /** Calls a guard refused without calling the model (guard = circuit_open or bulkhead_full). */
    public static final String GUARD_REJECTIONS = "gateway.guard.rejections";
    /** Calls waiting for a bulkhead permit now, per model. */
    public static final String BULKHEAD_WAITING = "gateway.bulkhead.waiting";
    public static final String TIME_TO_FIRST_TOKEN = "gateway.time.to.first.token";
    public static final String STREAM_DURATION = "gateway.stream.duration";
    /** Reloads of the configuration file, tagged outcome=applied|refused. */
    public static final String CONFIG_RELOADS = "gateway.config.reloads";
    /** When the last reload was applied, in seconds since the epoch (start-up counts as the first). */
    public static final String CONFIG_LAST_RELOAD = "gateway.config.last.reload.timestamp";
    /**
     * Requests refused by a rate limit (team: the caller's team, from the key store; limit: which one, from a fixed set
     * such as key_requests_per_minute), as Prometheus's gateway_limit_rejections_total.
     */
    public static final String LIMIT_REJECTIONS = "gateway.limit.rejections";
    /** 1 while the rate limits are counted in Redis, 0 while it cannot be reached (only with Redis configured). */
    public static final String LIMITS_STORE_UP = "gateway.limits.store.up";
    /** Requests whose limits Redis could not count: action=per_replica (counted in memory) or refused (mode closed). */
    public static final String LIMITS_STORE_UNAVAILABLE = "gateway.limits.store.unavailable";

    /** USD charged to each team's budget (team; "none" with keys off), from the same charges as the ledger. */
    public static final String SPEND = "gateway.spend.usd";
    /** What is left of each team's tighter budget, daily or monthly (team), for teams with a budget. */
    public static final String BUDGET_REMAINING = "gateway.budget.remaining.usd";
    /** Ledger rows dropped because the ledger's buffer was full (the database down or too slow for too long). */
    public static final String LEDGER_DROPPED_ROWS = "gateway.ledger.dropped.rows";

    private MeterNames() {
    }
}
