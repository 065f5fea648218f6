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
    public static final String TIME_TO_FIRST_TOKEN = "gateway.time.to.first.token";
    public static final String STREAM_DURATION = "gateway.stream.duration";

    private MeterNames() {
    }
}
