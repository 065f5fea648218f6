package dev.bedrockgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** A model's guards around a stream: what may be retried, how long the first chunk may take, what the permit covers. */
class StreamGuardTest {

    private static final Duration FIRST_CHUNK = Duration.ofSeconds(2);

    private static final Duration SLOW_CALL = Duration.ofMillis(50);
    private static final Duration GAP_LIMIT = Duration.ofSeconds(60);

    /**
     * One call in flight, three attempts with a short back-off, a breaker that stays closed over these few calls, and
     * calls over 50 ms judged slow.
     */
    private final ModelGuard guard = new ModelGuards(new GuardSettings(null, null,
            SLOW_CALL, 10, 10, null, null, 1, Duration.ZERO, GAP_LIMIT, FIRST_CHUNK, 3, Duration.ofMillis(1), Duration.ofMillis(2))
            .over(GuardSettings.BUILT_IN), java.util.Map.of(), new SimpleMeterRegistry(), Clock.systemUTC()).forModel("a");

    @Test
    void retriesAFailureBeforeTheFirstEventButNotAfterIt() {
        AtomicInteger subscriptions = new AtomicInteger();
        // A dropped connection: transient, and the model's fault (throttling is retried too, but no breaker counts it).
        GatewayException transientFailure = new GatewayException(ErrorKind.UPSTREAM_ERROR, "connection reset", null,
                null, true);
        Flux<String> failsOnceThenBreaksOff = Flux.defer(() -> subscriptions.incrementAndGet() == 1
                ? Flux.error(transientFailure)
                : Flux.just("first").concatWith(Flux.error(transientFailure)));

        StepVerifier.create(guard.protectStream(failsOnceThenBreaksOff).flatMapMany(stream -> stream))
                .expectNext("first")
                .expectErrorMatches(error -> error == transientFailure)
                .verify(Duration.ofSeconds(5));

        assertThat(subscriptions).hasValue(2);
        assertThat(guard.breaker().getMetrics().getNumberOfFailedCalls()).as("both failures reach the breaker").isEqualTo(2);
    }

    @Test
    void asksTheModelsStreamOnlyForWhatTheReaderAskedFor() {
        java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
        Flux<Integer> longStream = Flux.range(1, 100_000)
                .doOnRequest(n -> requested.updateAndGet(total -> n == Long.MAX_VALUE ? n : total + n));

        StepVerifier.create(guard.protectStream(longStream).flatMapMany(stream -> stream), 0)
                .thenRequest(3)
                .expectNext(1, 2, 3)
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        // A slow reader holds the model's stream back instead of the gateway reading it all into memory.
        assertThat(requested.get()).isLessThan(100);
    }

    @Test
    void failsAsATimeoutWhenTheFirstEventIsLate() {
        StepVerifier.withVirtualTime(() -> guard.protectStream(Flux.<String>never()))
                .thenAwait(FIRST_CHUNK)
                .expectErrorSatisfies(error -> assertThat(((GatewayException) error).kind())
                        .isEqualTo(ErrorKind.UPSTREAM_TIMEOUT))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void failsAsATimeoutWhenTheStreamStallsAfterItsFirstEvent() {
        StepVerifier.withVirtualTime(() -> guard.protectStream(Flux.concat(Flux.just("first"), Flux.<String>never()))
                        .flatMapMany(stream -> stream))
                .expectNext("first")
                .thenAwait(GAP_LIMIT)
                .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("stalled")
                        .extracting(failure -> ((GatewayException) failure).kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void judgesAStreamByItsFirstEventNotByItsLength() {
        Flux<String> longAnswer = Flux.concat(Flux.just("first"), Mono.delay(SLOW_CALL.multipliedBy(2)).thenReturn("last"));

        StepVerifier.create(guard.protectStream(longAnswer).flatMapMany(stream -> stream))
                .expectNext("first", "last")
                .verifyComplete();

        assertThat(guard.breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(guard.breaker().getMetrics().getNumberOfSlowCalls()).isZero();
    }

    @Test
    void holdsTheBulkheadPermitUntilTheStreamIsCancelled() {
        Sinks.Many<String> upstream = Sinks.many().unicast().onBackpressureBuffer();
        upstream.tryEmitNext("first");
        Flux<String> open = guard.protectStream(upstream.asFlux()).block(Duration.ofSeconds(5));
        Disposable reader = open.subscribe();

        StepVerifier.create(guard.protectStream(Flux.just("other")))
                .expectErrorSatisfies(error -> assertThat(((GatewayException) error).kind())
                        .isEqualTo(ErrorKind.BULKHEAD_FULL))
                .verify(Duration.ofSeconds(5));

        reader.dispose();
        StepVerifier.create(guard.protectStream(Flux.just("other")).flatMapMany(stream -> stream))
                .expectNext("other")
                .verifyComplete();
    }
}
