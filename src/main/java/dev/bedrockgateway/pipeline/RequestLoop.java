package dev.bedrockgateway.pipeline;

import io.netty.channel.EventLoop;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * The event loop of a request's connection, and the way back to it. A command a request sends to Redis is answered
 * on the request's own loop when that loop has its Redis connection ({@code access.LoopConnection}). A command sent
 * from another thread (after a key was read from PostgreSQL off the loop, or on a loop of a transport Lettuce cannot
 * run) goes through the shared connection and is answered on Lettuce's one I/O thread; going on from there would run
 * the rest of the request on that thread, every such request's on the same one, while the server's loops wait
 * (bench/governance.sh measured one thread doing three times a server loop's work). So a policy that waited on Redis
 * goes on from the request's own loop.
 */
final class RequestLoop {

    private RequestLoop() {
    }

    /** The answer, delivered on the request's event loop when it arrived on another thread. */
    static <T> Mono<T> resumed(ServerWebExchange exchange, Mono<T> answer) {
        EventLoop loop = loop(exchange);
        if (loop == null) {
            return answer;
        }
        return answer.flatMap(value -> loop.inEventLoop() ? Mono.just(value)
                : Mono.create(sink -> loop.execute(() -> sink.success(value))));
    }

    /** The connection the request came on, or null when it did not come through Reactor Netty (a test's exchange). */
    static Connection connection(ServerWebExchange exchange) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection
                    ? connection : null;
        } catch (IllegalArgumentException | IllegalStateException notNetty) {
            // Not a Reactor Netty request, or no native request at all (Spring's mock exchange).
            return null;
        }
    }

    private static EventLoop loop(ServerWebExchange exchange) {
        Connection connection = connection(exchange);
        return connection == null ? null : connection.channel().eventLoop();
    }
}
