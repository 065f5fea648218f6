package dev.bedrockgateway.web;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.KeyAuthenticator;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * In mode keys or jwt, {@code GET /v1/models} (and {@code /v1/models/{alias}}) and {@code GET /v1/routes} need an
 * API key or a JWT like the model APIs do (401 {@code invalid_api_key} without a good one): they tell which models, regions and routes
 * the gateway reaches and how healthy each is, which is for its callers, not for whoever reaches the port. In mode
 * none they stay open. The caller is left on the exchange ({@link #caller}), so the model list shows what its key may
 * call.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2) // after GatewayHeadersFilter (request id) and AdminGate
public class CatalogGate implements WebFilter {

    private static final String MODELS = "/v1/models";
    private static final String ROUTES = "/v1/routes";
    private static final String CALLER = CatalogGate.class.getName() + ".caller";

    private final KeyAuthenticator keys;

    public CatalogGate(KeyAuthenticator keys) {
        this.keys = keys;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!keys.required() || !gated(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        return keys.authenticate(exchange.getRequest())
                .doOnNext(caller -> exchange.getAttributes().put(CALLER, caller))
                .then(chain.filter(exchange));
    }

    /** The key (or the caller a JWT stands for) that asked for the catalog, or null when keys are off. */
    static AccessKey caller(ServerWebExchange exchange) {
        return exchange.getAttribute(CALLER);
    }

    private static boolean gated(String path) {
        return path.equals(MODELS) || path.startsWith(MODELS + "/") || path.equals(ROUTES);
    }
}
