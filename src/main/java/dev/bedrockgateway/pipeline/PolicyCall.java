package dev.bedrockgateway.pipeline;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.springframework.web.server.ServerWebExchange;

/**
 * One request as the policy chain sees it: the API it came by, its exchange and context, and its canonical request.
 * The canonical request is read from the caller's body on first use, so a step that refuses on headers alone never
 * reads the body, and a body that cannot be read fails inside the chain, where every step observes the failure.
 *
 * @param <Q> the canonical request: a generation or an embedding request
 */
public final class PolicyCall<Q> {

    private final String api;
    private final boolean streamed;
    private final ServerWebExchange exchange;
    private final RequestContext context;
    private final Supplier<Q> body;
    private Q request;

    PolicyCall(String api, ServerWebExchange exchange, RequestContext context, Supplier<Q> body) {
        this(api, false, exchange, context, body);
    }

    /** @param streamed whether the answer is to be streamed */
    PolicyCall(String api, boolean streamed, ServerWebExchange exchange, RequestContext context, Supplier<Q> body) {
        this.api = api;
        this.streamed = streamed;
        this.exchange = exchange;
        this.context = context;
        this.body = body;
    }

    /** The API's name, for metrics and the access log (native, openai). */
    public String api() {
        return api;
    }

    /** Whether the answer is to be streamed (and so holds a stream open until it ends). */
    public boolean streamed() {
        return streamed;
    }

    public ServerWebExchange exchange() {
        return exchange;
    }

    public RequestContext context() {
        return context;
    }

    /**
     * The canonical request, read and checked on the first call.
     *
     * @throws dev.bedrockgateway.core.GatewayException when the body is not a valid request
     */
    public Q request() {
        if (request == null) {
            request = body.get();
        }
        return request;
    }

    /** The canonical request if it has been read, else null (never reads the body). */
    public Q requestIfRead() {
        return request;
    }

    /** This call with its request changed by {@code change} when the request is a {@code type}; else this call. */
    public <T> PolicyCall<Q> rewrite(Class<T> type, UnaryOperator<T> change) {
        Q current = request();
        if (!type.isInstance(current)) {
            return this;
        }
        @SuppressWarnings("unchecked") // current is both a T and a Q, so its rewrite (a T) is a Q
        Q rewritten = (Q) change.apply(type.cast(current));
        PolicyCall<Q> call = new PolicyCall<>(api, streamed, exchange, context, () -> rewritten);
        call.request = rewritten;
        return call;
    }
}
