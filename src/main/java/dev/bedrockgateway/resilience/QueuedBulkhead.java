package dev.bedrockgateway.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * A model's bulkhead, where a call over the limit waits its turn for a permit, up to a bound, without holding a
 * thread. Resilience4j's semaphore bulkhead can only wait by blocking the caller's thread, an event loop here, so
 * its {@link Bulkhead} keeps the count (and its meters) and this class keeps the queue: every release hands the
 * freed permit to the longest waiter still waiting. A waiter whose time is up, or whose caller went away, leaves
 * the queue with no permit; a permit is held from the call's subscription until it completes, fails or is cancelled,
 * and is released exactly once.
 */
final class QueuedBulkhead {

    private final Bulkhead bulkhead;
    private final long maxWaitNanos;
    private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param bulkhead counts the permits; its own wait must be zero, since it would block
     * @param maxWait  how long a call over the limit waits for a permit before it is refused
     */
    QueuedBulkhead(Bulkhead bulkhead, Duration maxWait) {
        this.bulkhead = bulkhead;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** The call, once it holds a permit; refused with {@link BulkheadFullException} if none came in time. */
    <T> Mono<T> guard(Mono<T> call) {
        return Mono.usingWhen(permit(), held -> call, Permit::release, (held, error) -> held.release(),
                Permit::release);
    }

    /** The stream, holding a permit from its subscription to its end or cancellation. */
    <T> Flux<T> guard(Flux<T> call) {
        return Flux.usingWhen(permit(), held -> call, Permit::release, (held, error) -> held.release(),
                Permit::release);
    }

    /** Calls holding a permit now. */
    int inFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    /** Calls waiting for a permit now. */
    int waiting() {
        return waiting.get();
    }

    /**
     * A permit, at once or after waiting. A permit handed to a caller that went away in the same instant is discarded
     * by Reactor rather than delivered; the discard hook gives it back.
     */
    private Mono<Permit> permit() {
        return Mono.<Permit>create(sink -> {
            if (waiters.isEmpty() && bulkhead.tryAcquirePermission()) {
                sink.success(new Permit());
                return;
            }
            if (maxWaitNanos == 0) {
                sink.error(BulkheadFullException.createBulkheadFullException(bulkhead));
                return;
            }
            Waiter waiter = new Waiter(sink);
            waiting.incrementAndGet();
            waiters.add(waiter);
            Disposable timer = WheelTimer.INSTANCE.schedule(() -> {
                if (waiter.leave()) {
                    sink.error(BulkheadFullException.createBulkheadFullException(bulkhead));
                }
            }, maxWaitNanos, TimeUnit.NANOSECONDS);
            sink.onDispose(timer);
            sink.onCancel(waiter::leave);
            // A permit freed between the failed try above and joining the queue found no waiter: look again.
            handOver();
        }).doOnDiscard(Permit.class, Permit::release);
    }

    /** Gives free permits to waiters, oldest first, skipping those that left. */
    private void handOver() {
        for (Waiter head = waiters.peek(); head != null; head = waiters.peek()) {
            if (head.left()) {
                waiters.remove(head);
                continue;
            }
            if (!bulkhead.tryAcquirePermission()) {
                return;
            }
            Waiter next = waiters.poll();
            if (next != null && next.take()) {
                next.sink.success(new Permit());
            } else {
                bulkhead.onComplete();
            }
        }
    }

    /** A held permit, released once whichever way the call ends. */
    private final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        Mono<Void> release() {
            if (released.compareAndSet(false, true)) {
                bulkhead.onComplete();
                handOver();
            }
            return Mono.empty();
        }
    }

    /** A call in the queue; it either takes a permit or leaves, once. */
    private final class Waiter {
        private final MonoSink<Permit> sink;
        private final AtomicBoolean done = new AtomicBoolean();

        Waiter(MonoSink<Permit> sink) {
            this.sink = sink;
        }

        boolean take() {
            return finish();
        }

        boolean leave() {
            return finish();
        }

        boolean left() {
            return done.get();
        }

        private boolean finish() {
            if (done.compareAndSet(false, true)) {
                waiting.decrementAndGet();
                return true;
            }
            return false;
        }
    }
}
