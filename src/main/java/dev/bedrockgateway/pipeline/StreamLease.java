package dev.bedrockgateway.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
 * stream's events have been subscribed first; the body's own subscription then carries any later cancel, as usual.
 * The claim is the events' subscription, not the body's: a body that writes something before the events (the native
 * API's start event) may be cut by the close before it ever subscribes them (seen in LoadAndFaultTest, a permit held).
 * <p>
 * The close cuts the rendered body, not the model's events: cut there, the events would merely end, and an API that
 * appends to them (OpenAI's {@code data: [DONE]}) would write to the closed connection, which WebFlux logs as an
 * ERROR once per hang-up. Cutting the body cancels everything under it, so a hang-up is a quiet cancel on every path.
 */
public final class StreamLease {

    /** The lease of a stream that is not written to a Reactor Netty connection: nothing to watch. */
    static final StreamLease NONE = new StreamLease();

    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Sinks.One<Boolean> closed = Sinks.one();
    private final boolean watched;

    private StreamLease() {
        watched = false;
    }

    /** A lease on {@code stream}; {@code onClose} runs what it is given once the caller's connection has closed. */
    StreamLease(Flux<?> stream, Consumer<Runnable> onClose) {
        watched = true;
        onClose.accept(() -> {
            if (claimed.compareAndSet(false, true)) {
                cancel(stream);
            }
            closed.tryEmitValue(true);
        });
    }

    /** A lease on {@code stream}, cancelled at once if the exchange's connection closes before a body claims it. */
    static StreamLease of(Flux<?> stream, ServerWebExchange exchange) {
        Connection connection = RequestLoop.connection(exchange);
        return connection == null ? NONE : new StreamLease(stream, closed -> connection.onDispose(closed::run));
    }

    /**
     * {@code body}, rendered from the leased stream's events, ending, with nothing more written, when the connection
     * closes.
     */
    public <T> Flux<T> body(Flux<T> body) {
        if (!watched) {
            return body;
        }
        // The body's own cancel is not enough: a connection that closes while WebFlux commits the answer can leave the
        // body subscribed with nobody to cancel it (seen in LoadAndFaultTest), so the close ends it too.
        return body.takeUntilOther(closed.asMono());
    }

    /**
     * The leased stream's events, claiming the stream when subscribed. Events subscribed after the close are empty: the
     * close has cancelled the stream, and nobody is left to tell.
     */
    <T> Flux<T> events(Flux<T> events) {
        if (!watched) {
            return events;
        }
        return Flux.defer(() -> claimed.compareAndSet(false, true) ? events : Flux.empty());
    }

    /** Cancels a stream nobody will read: subscribes to it only to cancel it. */
    static void cancel(Flux<?> stream) {
        stream.subscribe(new CancelAtOnce<>());
    }

    /** Subscribes only to cancel: the upstream call and its permit are released, and the stream logged as cancelled. */
    private static final class CancelAtOnce<T> extends BaseSubscriber<T> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            cancel();
        }
    }
}
