package dev.bedrockgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** A bulkhead whose overflow waits for a permit without a thread, and whose permits always come back. */
class QueuedBulkheadTest {

    private final Bulkhead counts = Bulkhead.of("m", BulkheadConfig.custom().maxConcurrentCalls(1)
            .maxWaitDuration(Duration.ZERO).build());

    @Test
    void aCallOverTheLimitWaitsAndRunsOnceAPermitFrees() {
        QueuedBulkhead bulkhead = new QueuedBulkhead(counts, Duration.ofSeconds(5));
        Sinks.One<String> first = Sinks.one();
        Disposable holding = bulkhead.guard(first.asMono()).subscribe();

        StepVerifier.create(bulkhead.guard(Mono.just("second")))
                .then(() -> {
                    assertThat(bulkhead.waiting()).isEqualTo(1);
                    first.tryEmitValue("first");
                })
                .expectNext("second")
                .verifyComplete();

        assertThat(bulkhead.inFlight()).isZero();
        assertThat(bulkhead.waiting()).isZero();
        holding.dispose();
    }

    @Test
    void aCallThatWaitedTooLongIsRefused() {
        QueuedBulkhead bulkhead = new QueuedBulkhead(counts, Duration.ofMillis(50));
        Disposable holding = bulkhead.guard(Mono.never()).subscribe();

        StepVerifier.create(bulkhead.guard(Mono.just("late")))
                .expectError(BulkheadFullException.class)
                .verify(Duration.ofSeconds(5));

        assertThat(bulkhead.waiting()).isZero();
        holding.dispose();
        assertThat(bulkhead.inFlight()).isZero();
    }

    @Test
    void withNoWaitTheOverflowIsRefusedAtOnce() {
        QueuedBulkhead bulkhead = new QueuedBulkhead(counts, Duration.ZERO);
        Disposable holding = bulkhead.guard(Mono.never()).subscribe();

        StepVerifier.create(bulkhead.guard(Mono.just("x"))).expectError(BulkheadFullException.class).verify();

        holding.dispose();
    }

    @Test
    void aWaiterThatLeavesTakesNoPermit() {
        QueuedBulkhead bulkhead = new QueuedBulkhead(counts, Duration.ofSeconds(5));
        Sinks.One<String> first = Sinks.one();
        bulkhead.guard(first.asMono()).subscribe();
        Disposable waiter = bulkhead.guard(Mono.just("never runs")).subscribe();
        waiter.dispose();

        first.tryEmitValue("done");

        assertThat(bulkhead.inFlight()).isZero();
        assertThat(bulkhead.waiting()).isZero();
        StepVerifier.create(bulkhead.guard(Mono.just("next"))).expectNext("next").verifyComplete();
    }

    @Test
    void aStreamHoldsItsPermitUntilItEndsFailsOrIsCancelled() {
        QueuedBulkhead bulkhead = new QueuedBulkhead(counts, Duration.ZERO);
        Sinks.Many<String> events = Sinks.many().unicast().onBackpressureBuffer();

        StepVerifier.create(bulkhead.guard(events.asFlux()))
                .then(() -> events.tryEmitNext("a"))
                .expectNext("a")
                .then(() -> assertThat(bulkhead.inFlight()).isEqualTo(1))
                .thenCancel()
                .verify();
        assertThat(bulkhead.inFlight()).isZero();

        StepVerifier.create(bulkhead.guard(Flux.error(new IllegalStateException("x")))).expectError().verify();
        assertThat(bulkhead.inFlight()).isZero();
    }
}
