package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * A request whose connection closed while its body was being read (the caller went away, or the body time-out
 * closed it) ends quietly: there is no one left to answer, and {@link ApiErrorHandler} would otherwise log Reactor
 * Netty's "Connection has been closed" as an unexpected failure, with a stack trace, once per such request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // inside GatewayHeadersFilter, around everything else
public class ClientGoneFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientGoneFilter.class);

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange).onErrorResume(ClientGoneFilter::connectionClosed, error -> {
            log.debug("request {} {}: the connection closed before the request was read",
                    RequestContext.of(exchange).requestId(), exchange.getRequest().getPath().value());
            return Mono.empty();
        });
    }

    private static boolean connectionClosed(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AbortedException) {
                return true;
            }
        }
        return false;
    }
}
