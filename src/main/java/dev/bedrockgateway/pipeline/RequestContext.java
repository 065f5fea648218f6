package dev.bedrockgateway.pipeline;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.web.server.ServerWebExchange;

/** What the gateway remembers about a request while serving it: its id and when it arrived. */
public record RequestContext(String requestId, long startNanos) {

    public static final String ATTRIBUTE = RequestContext.class.getName();

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** Longest caller-supplied request id echoed back; longer ones are replaced, not truncated. */
    private static final int MAX_REQUEST_ID_LENGTH = 128;

    /**
     * Set once a request's outcome is recorded (its access-log line written, its meters counted), so neither the
     * pipeline nor the error handler records it a second time.
     */
    private static final String RECORDED = RequestContext.class.getName() + ".recorded";

    public static RequestContext of(ServerWebExchange exchange) {
        RequestContext context = exchange.getAttribute(ATTRIBUTE);
        return context != null ? context : new RequestContext(newId("req_"), System.nanoTime());
    }

    public static boolean recorded(ServerWebExchange exchange) {
        return exchange.getAttributes().containsKey(RECORDED);
    }

    public static void markRecorded(ServerWebExchange exchange) {
        exchange.getAttributes().put(RECORDED, Boolean.TRUE);
    }

    /** The caller's request id if it is safe to echo (short, plain characters), otherwise a new one. */
    public static String requestId(String offered) {
        if (offered != null && !offered.isEmpty() && offered.length() <= MAX_REQUEST_ID_LENGTH
                && offered.chars().allMatch(RequestContext::plain)) {
            return offered;
        }
        return newId("req_");
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == ':';
    }

    /** A random id with a type prefix; 96 random bits, as hex. */
    public static String newId(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return prefix + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Integer.toHexString(random.nextInt() | Integer.MIN_VALUE);
    }
}
