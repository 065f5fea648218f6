package dev.bedrockgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** The hand-over of a stream at its first event: the source is always either handed on or cancelled, never lost. */
class OpenedStreamTest {

    @Test
    void answersWithTheStreamFromItsFirstEventOn() {
        StepVerifier.create(new OpenedStream<>(Flux.just("a", "b", "c")).flatMapMany(stream -> stream))
                .expectNext("a", "b", "c")
                .verifyComplete();
    }

    @Test
    void cancellingBeforeTheFirstEventCancelsTheSource() {
        TestPublisher<String> source = TestPublisher.create();

        StepVerifier.create(new OpenedStream<>(source.flux()))
                .expectSubscription()
                .thenCancel()
                .verify();

        source.assertCancelled();
    }

    @Test
    void aFailureBeforeTheFirstEventFailsTheMonoAndAnEndBeforeItLeavesItEmpty() {
        StepVerifier.create(new OpenedStream<>(Flux.error(new IllegalStateException("no"))))
                .verifyErrorMessage("no");
        StepVerifier.create(new OpenedStream<>(Flux.<String>empty())).verifyComplete();
    }

    @Test
    void theStreamIsReadOnceAndItsCancelCancelsTheSource() {
        TestPublisher<String> source = TestPublisher.create();
        AtomicReference<Flux<String>> handed = new AtomicReference<>();
        new OpenedStream<>(source.flux()).subscribe(handed::set);
        source.next("first");

        StepVerifier.create(handed.get(), 1).expectNext("first").thenCancel().verify();

        source.assertCancelled();
        StepVerifier.create(handed.get()).verifyErrorMessage("A model's stream can be read only once");
    }

    @Test
    void anEndThatArrivesBeforeTheStreamIsReadFollowsItsFirstEvent() {
        Sinks.Many<String> source = Sinks.many().unicast().onBackpressureBuffer();
        AtomicReference<Flux<String>> handed = new AtomicReference<>();
        new OpenedStream<>(source.asFlux()).subscribe(handed::set);
        source.tryEmitNext("only");
        source.tryEmitError(new IllegalStateException("broke"));

        StepVerifier.create(handed.get()).expectNext("only").verifyErrorMessage("broke");
    }

    @Test
    void passesTheReadersDemandOnAfterTheFirstEvent() {
        TestPublisher<String> source = TestPublisher.create();
        AtomicReference<Flux<String>> handed = new AtomicReference<>();
        new OpenedStream<>(source.flux()).subscribe(handed::set);
        source.assertMinRequested(1).next("first");

        StepVerifier.create(handed.get(), 3)
                .expectNext("first")
                .then(() -> source.assertMinRequested(2).next("b", "c"))
                .expectNext("b", "c")
                .thenCancel()
                .verify();
    }

    /**
     * Callers hang up while their stream opens, in every order against the first event, on other threads. Every source
     * must end up cancelled: before the hand-over by the cancel, after it by the reader the stream was handed to, which
     * (like the gateway's stream lease) cancels a stream whose caller has gone. Reactor's switchOnFirst lost a few
     * sources per ten thousand this way.
     */
    @Test
    void everySourceIsCancelledWhateverTheRaceBetweenTheCancelAndTheFirstEvent() throws Exception {
        ScheduledExecutorService threads = Executors.newScheduledThreadPool(4);
        Random random = new Random(15);
        AtomicInteger live = new AtomicInteger();
        try {
            for (int i = 0; i < 5_000; i++) {
                Flux<String> source = Flux.<String>create(sink -> {
                    live.incrementAndGet();
                    var first = threads.schedule(() -> sink.next("first"), random.nextInt(300), TimeUnit.MICROSECONDS);
                    sink.onDispose(() -> {
                        live.decrementAndGet();
                        first.cancel(false);
                    });
                });
                AtomicBoolean gone = new AtomicBoolean();
                AtomicReference<Flux<String>> handed = new AtomicReference<>();
                Disposable caller = new OpenedStream<>(source)
                        .map(stream -> {
                            handed.set(stream);
                            if (gone.get()) {
                                cancel(stream);
                            }
                            return stream;
                        })
                        .subscribe();
                threads.schedule(() -> {
                    gone.set(true);
                    caller.dispose();
                    if (handed.get() != null) {
                        cancel(handed.get());
                    }
                }, random.nextInt(300), TimeUnit.MICROSECONDS).get();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(live.get()).as("sources neither handed on nor cancelled").isZero());
        } finally {
            threads.shutdownNow();
        }
    }

    private static void cancel(Flux<String> stream) {
        stream.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                cancel();
            }

            @Override
            protected void hookOnError(Throwable alreadyRead) {
                // Both the caller and its reader may try to cancel the same stream; the second finds it taken.
            }
        });
    }
}
