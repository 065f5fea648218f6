package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Backend;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * First thing every request meets: gives it a request id (echoing the caller's), marks answers that come
 * from the emulator, and refuses a body whose declared length is over the limit before reading it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class GatewayHeadersFilter implements WebFilter {

    public static final String BACKEND_HEADER = "X-Gateway-Backend";

    private final boolean emulated;
    private final long maxBodyBytes;

    public GatewayHeadersFilter(GatewayProperties properties) {
        this.emulated = properties.backend() == Backend.EMULATOR;
        this.maxBodyBytes = properties.limits().maxBodySize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders requestHeaders = exchange.getRequest().getHeaders();
        String requestId = RequestContext.requestId(requestHeaders.getFirst(RequestContext.REQUEST_ID_HEADER));
        exchange.getAttributes().put(RequestContext.ATTRIBUTE, new RequestContext(requestId, System.nanoTime()));
        HttpHeaders responseHeaders = exchange.getResponse().getHeaders();
        ErrorDialect.ofPath(exchange.getRequest().getPath().value()).requestIdHeaders()
                .forEach(name -> responseHeaders.set(name, requestId));
        if (emulated) {
            responseHeaders.set(BACKEND_HEADER, "emulator");
        }
        long declared = requestHeaders.getContentLength();
        if (declared > maxBodyBytes) {
            return Mono.error(new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE, "The request body has " + declared
                    + " bytes; the limit is " + maxBodyBytes + " (gateway.limits.max-body-size)"));
        }
        return chain.filter(exchange);
    }
}
