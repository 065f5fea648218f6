package dev.bedrockgateway.resilience;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A stream once its first event is in: a Mono that answers with the stream, that event first. Before the first event
 * the Mono owns the stream, and cancelling the Mono cancels it; once it has answered, the stream belongs to whoever
 * subscribes to it (once), and cancelling that subscription cancels it. Exactly one of the two happens, even when
 * the Mono is cancelled in the instant the first event arrives.
 *
 * <p>Reactor's {@code switchOnFirst} did this before, and lost that race: a cancel arriving with the first event left
 * the source running with nobody to cancel it ("FluxSwitchOnFirst has already been cancelled" to the late
 * subscriber). Under load, streams whose callers hung up as their model started to answer kept their bulkhead permit
 * and their Bedrock connection until the SDK's read time-out.
 */
final class OpenedStream<T> extends Mono<Flux<T>> {

    private final Flux<T> source;

    OpenedStream(Flux<T> source) {
        this.source = source;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Flux<T>> opener) {
        source.subscribe(new Gate<>(opener));
    }

    /** Subscribes to the source for the opener, then hands the source's events on to the stream's one subscriber. */
    private static final class Gate<T> extends Flux<T> implements CoreSubscriber<T> {

        private static final int WAITING = 0;
        private static final int HANDED = 1;
        private static final int ENDED = 2;

        private final CoreSubscriber<? super Flux<T>> opener;
        /** The hand-over: WAITING for the first event, HANDED to the opener, or ENDED without a stream. */
        private final AtomicInteger state = new AtomicInteger(WAITING);
        private final AtomicBoolean claimed = new AtomicBoolean();
        /** Serialises the first event and the end with the subscriber's requests. */
        private final AtomicInteger work = new AtomicInteger();
        /** Events the subscriber asked for while the first was not yet delivered. */
        private final AtomicLong pending = new AtomicLong();
        private volatile Subscription upstream;
        private volatile CoreSubscriber<? super T> owner;
        private volatile boolean ownerCancelled;
        private volatile boolean ended;
        private T first;
        private boolean firstDelivered;
        private boolean endDelivered;
        private Throwable failure;

        Gate(CoreSubscriber<? super Flux<T>> opener) {
            this.opener = opener;
        }

        @Override
        public Context currentContext() {
            return opener.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            upstream = subscription;
            opener.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    // The Mono answers once, with the stream, whatever was asked.
                }

                @Override
                public void cancel() {
                    if (state.compareAndSet(WAITING, ENDED)) {
                        upstream.cancel();
                    }
                }
            });
            if (state.get() == WAITING) {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(T event) {
            if (firstDelivered || state.get() == HANDED) {
                owner.onNext(event);
                return;
            }
            first = event;
            if (state.compareAndSet(WAITING, HANDED)) {
                opener.onNext(this);
                opener.onComplete();
            } else {
                first = null;
                Operators.onDiscard(event, opener.currentContext());
            }
        }

        @Override
        public void onError(Throwable error) {
            if (state.compareAndSet(WAITING, ENDED)) {
                opener.onError(error);
                return;
            }
            failure = error;
            ended = true;
            drain();
        }

        @Override
        public void onComplete() {
            if (state.compareAndSet(WAITING, ENDED)) {
                opener.onComplete();
                return;
            }
            ended = true;
            drain();
        }

        /** The stream, for its one subscriber. */
        @Override
        public void subscribe(CoreSubscriber<? super T> subscriber) {
            if (!claimed.compareAndSet(false, true)) {
                Operators.error(subscriber, new IllegalStateException("A model's stream can be read only once"));
                return;
            }
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                    if (Operators.validate(n)) {
                        pending.accumulateAndGet(n, Operators::addCap);
                        drain();
                    }
                }

                @Override
                public void cancel() {
                    ownerCancelled = true;
                    upstream.cancel();
                }
            });
            owner = subscriber;
            drain();
        }

        /**
         * Delivers the first event once the subscriber asks, then passes its demand on to the source, and delivers the
         * end once the first event is out. Later events go from the source to the subscriber directly: the source
         * sends them only after this has passed demand on, so after the first event.
         */
        private void drain() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            while (true) {
                CoreSubscriber<? super T> subscriber = owner;
                if (subscriber != null && !ownerCancelled) {
                    if (!firstDelivered && pending.get() > 0) {
                        pending.decrementAndGet();
                        T event = first;
                        first = null;
                        firstDelivered = true;
                        subscriber.onNext(event);
                    }
                    if (firstDelivered) {
                        long asked = pending.getAndSet(0);
                        if (ended) {
                            if (!endDelivered) {
                                endDelivered = true;
                                if (failure != null) {
                                    subscriber.onError(failure);
                                } else {
                                    subscriber.onComplete();
                                }
                            }
                        } else if (asked > 0) {
                            upstream.request(asked);
                        }
                    }
                }
                missed = work.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
