package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * The lease that frees a model's stream (its Bedrock call and bulkhead permit) when the caller's connection closes, in
 * every order in which the close, the body's subscription and the events' subscription can come.
 */
class StreamLeaseTest {

    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger cancels = new AtomicInteger();
    /** A model's stream that never ends by itself, counting who subscribes and cancels it. */
    private final Flux<String> model = Flux.<String>never()
            .doOnSubscribe(subscription -> subscriptions.incrementAndGet())
            .doOnCancel(cancels::incrementAndGet);
    private final AtomicReference<Runnable> connectionClosed = new AtomicReference<>();
    private final StreamLease lease = new StreamLease(model, connectionClosed::set);

    /**
     * The native API writes its start event before it subscribes the model's events. A caller that hangs up while that
     * first event is on its way cuts the body before the events were ever subscribed: the lease must still cancel them
     * (when the claim was the body's subscription, this stream stayed open with its permit, found by LoadAndFaultTest).
     */
    @Test
    void aBodyCutBeforeItSubscribedTheEventsStillFreesTheStream() {
        Flux<String> body = lease.body(lease.events(model).startWith("start"));
        body.subscribe(new Silent()); // subscribed, nothing requested yet: the events are not subscribed

        connectionClosed.get().run();

        assertThat(subscriptions).hasValue(1);
        assertThat(cancels).hasValue(1);
    }

    @Test
    void aBodyReadingTheEventsIsCutAtTheCloseAndTheEventsCancelledThroughIt() {
        List<String> written = new ArrayList<>();
        lease.body(lease.events(model).startWith("start")).subscribe(written::add);

        connectionClosed.get().run();

        assertThat(written).containsExactly("start");
        assertThat(subscriptions).hasValue(1);
        assertThat(cancels).hasValue(1);
    }

    @Test
    void aBodySubscribedAfterTheCloseWritesNothingAndTheStreamIsSubscribedOnceOnly() {
        Flux<String> body = lease.body(lease.events(model).startWith("start"));

        connectionClosed.get().run();
        List<String> written = new ArrayList<>();
        body.subscribe(written::add);

        assertThat(written).isEmpty();
        assertThat(subscriptions).hasValue(1);
        assertThat(cancels).hasValue(1);
    }

    @Test
    void aStreamNobodyRendersIsCancelledAtTheClose() {
        connectionClosed.get().run();

        assertThat(cancels).hasValue(1);
    }

    /** A caller that has not asked for anything yet. */
    private static final class Silent extends BaseSubscriber<String> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
        }
    }
}
