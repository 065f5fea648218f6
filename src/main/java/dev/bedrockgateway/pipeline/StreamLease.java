package dev.bedrockgateway.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import org.reactivestreams.Subscription;

/**
 * A model's stream, opened upstream (a Bedrock connection and a bulkhead permit held), handed to the HTTP layer to be
 * written as the answer's body. If the caller's connection closes before the body is subscribed, nobody would ever
 * subscribe or cancel it: Reactor Netty does not subscribe a body for a closed connection, and the stream would hold
 * its permit and its upstream connection until the SDK's read time-out, a minute later (the probe of issue 15 saw
 * 268 of 461 dropped streams held that way). So the lease cancels the stream when the connection closes, unless the
 * body has claimed it first; the body's own subscription then carries any later cancel, as usual.
 */
final class StreamLease {

    private StreamLease() {
    }

    /** {@code stream}, cancelled at once if the exchange's connection closes before it is subscribed; subscribe once. */
    static <T> Flux<T> of(Flux<T> stream, ServerWebExchange exchange) {
        Connection connection = connection(exchange);
        if (connection == null) {
            return stream;
        }
        AtomicBoolean claimed = new AtomicBoolean();
        Sinks.One<Boolean> closed = Sinks.one();
        connection.onDispose(() -> {
            if (claimed.compareAndSet(false, true)) {
                cancel(stream);
            }
            closed.tryEmitValue(true);
        });
        // The body's own cancel is not enough either: a connection that closes while WebFlux commits the answer can
        // leave the body subscribed with nobody to cancel it (seen in LoadAndFaultTest), so the close ends it too.
        return Flux.defer(() -> claimed.compareAndSet(false, true) ? stream.takeUntilOther(closed.asMono())
                : Flux.error(new IllegalStateException("The caller's connection closed before the stream was sent")));
    }

    /** Cancels a stream nobody will read: subscribes to it only to cancel it. */
    static void cancel(Flux<?> stream) {
        stream.subscribe(new CancelAtOnce<>());
    }

    private static Connection connection(ServerWebExchange exchange) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()) instanceof Connection connection
                    ? connection : null;
        } catch (IllegalArgumentException notNetty) {
            return null;
        }
    }

    /** Subscribes only to cancel: the upstream call and its permit are released, and the stream logged as cancelled. */
    private static final class CancelAtOnce<T> extends BaseSubscriber<T> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            cancel();
        }
    }
}
