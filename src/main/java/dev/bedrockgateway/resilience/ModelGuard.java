package dev.bedrockgateway.resilience;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import dev.bedrockgateway.telemetry.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One model's guards, applied around each call: the retry outermost, then the bulkhead, the breaker and the time
 * limit innermost. A retry takes a fresh bulkhead slot, and every attempt's outcome reaches the breaker. The bulkhead
 * sits outside the breaker so that the gateway's own load never reaches it: a call that finds the bulkhead full
 * waits for a permit, up to a bound, and is then refused without the breaker hearing of it (with the bulkhead inside,
 * 43 overflows under plain load opened a healthy model's circuit). The time limit starts once a permit is held.
 */
public final class ModelGuard {

    /** Waiting less than a second for a circuit to close is not worth a Retry-After header. */
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final String model;
    private final CircuitBreaker breaker;
    private final QueuedBulkhead bulkhead;
    private final int maxConcurrentCalls;
    private final TimeLimiter timeLimiter;
    private final Retry retry;
    private final Duration waitInOpen;
    private final Duration firstChunkTimeLimit;
    private final Clock clock;
    private volatile Instant openedAt = Instant.EPOCH;

    private final Counter bulkheadFull;

    /**
     * @param model      how failures name what was called: the model's alias, or {@code alias@deployment}
     * @param meterTags  the model and deployment tags of this guard's meters
     */
    ModelGuard(String model, Tags meterTags, CircuitBreaker breaker, Bulkhead bulkhead, Duration bulkheadWait,
               TimeLimiter timeLimiter, Retry retry, Duration waitInOpen, Duration firstChunkTimeLimit, Clock clock,
               MeterRegistry meters) {
        this.model = model;
        this.breaker = breaker;
        this.bulkhead = new QueuedBulkhead(bulkhead, bulkheadWait);
        this.maxConcurrentCalls = bulkhead.getBulkheadConfig().getMaxConcurrentCalls();
        this.timeLimiter = timeLimiter;
        this.retry = retry;
        this.waitInOpen = waitInOpen;
        this.firstChunkTimeLimit = firstChunkTimeLimit;
        this.clock = clock;
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAt = clock.instant();
            }
            meters.counter(MeterNames.CIRCUIT_TRANSITIONS, meterTags.and(
                    "from", stateName(event.getStateTransition().getFromState()),
                    "to", stateName(event.getStateTransition().getToState()))).increment();
        });
        Counter notPermitted = meters.counter(MeterNames.GUARD_REJECTIONS, meterTags.and("guard", "circuit_open"));
        // Counted when a call is refused, not on each failed try of the bulkhead: a call that waits and then gets its
        // permit was not rejected.
        this.bulkheadFull = meters.counter(MeterNames.GUARD_REJECTIONS, meterTags.and("guard", "bulkhead_full"));
        breaker.getEventPublisher().onCallNotPermitted(event -> notPermitted.increment());
        meters.gauge(MeterNames.BULKHEAD_WAITING, meterTags, this.bulkhead,
                QueuedBulkhead::waiting);
    }

    /** The call, guarded; guard refusals arrive as GatewayExceptions the dispatcher can fall back on. */
    public <T> Mono<T> protect(Mono<T> call) {
        return call
                .transformDeferred(this::timeLimited)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .transform(bulkhead::guard)
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(error -> !(error instanceof GatewayException), this::refusal);
    }

    /**
     * The call under the time limit: what Resilience4j's TimeLimiterOperator does (a time-out, and the limiter's
     * success / error / time-out events for its metrics), with the limit kept on the {@link WheelTimer}.
     */
    private <T> Mono<T> timeLimited(Mono<T> call) {
        return call.timeout(timeLimit(), WheelTimer.INSTANCE)
                .doOnSuccess(answer -> timeLimiter.onSuccess())
                .doOnError(timeLimiter::onError);
    }

    /**
     * A stream, guarded: the Mono answers with the stream once its first event is in, so everything that may be retried
     * or handed to another model happens before the caller sees a byte. The retry re-subscribes only while nothing has
     * arrived; after the first event, the stream's own failure reaches the breaker and the caller, never the retry. The
     * bulkhead permit is held until the stream completes, fails or is cancelled. A first event later than the
     * first-chunk time limit, or a gap between events longer than the time limit, fails as UPSTREAM_TIMEOUT.
     */
    public <T> Mono<Flux<T>> protectStream(Flux<T> call) {
        return Mono.defer(() -> opened(call
                        .timeout(late(firstChunkTimeLimit, "sent no chunk"), event -> late(timeLimit(), "stalled for"))
                        .transform(this::judgedByFirstEvent)
                        .transform(bulkhead::guard)))
                .transformDeferred(RetryOperator.of(retry))
                .onErrorMap(error -> !(error instanceof GatewayException), this::refusal);
    }

    /**
     * The stream under the breaker, which judges it by its first event rather than its length: a long answer is not a
     * slow model, so a stream's call duration is its time to first event. Any failure counts, before or after the first
     * event; a caller that walks away after it leaves a success, before it no verdict at all.
     */
    private <T> Flux<T> judgedByFirstEvent(Flux<T> stream) {
        return Flux.defer(() -> {
            breaker.acquirePermission();
            long start = System.nanoTime();
            AtomicLong firstEventNanos = new AtomicLong(-1);
            LongSupplier judged = () -> firstEventNanos.get() >= 0 ? firstEventNanos.get() : System.nanoTime() - start;
            return stream
                    .doOnNext(event -> firstEventNanos.compareAndSet(-1, System.nanoTime() - start))
                    .doOnError(error -> breaker.onError(judged.getAsLong(), TimeUnit.NANOSECONDS, error))
                    .doOnComplete(() -> breaker.onSuccess(judged.getAsLong(), TimeUnit.NANOSECONDS))
                    .doOnCancel(() -> {
                        if (firstEventNanos.get() < 0) {
                            breaker.releasePermission();
                        } else {
                            breaker.onSuccess(firstEventNanos.get(), TimeUnit.NANOSECONDS);
                        }
                    });
        });
    }

    /** Fails as UPSTREAM_TIMEOUT after {@code limit}: the stream's timeout signal. */
    private Mono<Object> late(Duration limit, String what) {
        return Mono.delay(limit).then(Mono.error(() -> new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
                "Model " + model + " " + what + " " + limit.toMillis() + " ms")));
    }

    private Duration timeLimit() {
        return timeLimiter.getTimeLimiterConfig().getTimeoutDuration();
    }

    /** The stream once its first event is in ({@link OpenedStream}); a stream that ends before it fails the Mono. */
    private static <T> Mono<Flux<T>> opened(Flux<T> stream) {
        return new OpenedStream<>(stream)
                .switchIfEmpty(Mono.error(() -> new GatewayException(ErrorKind.UPSTREAM_ERROR,
                        "The stream ended before sending anything")));
    }

    private GatewayException refusal(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return new GatewayException(ErrorKind.CIRCUIT_OPEN,
                    "The circuit of model " + model + " is open after repeated failures", retryAfter(), error);
        }
        if (error instanceof BulkheadFullException) {
            bulkheadFull.increment();
            return new GatewayException(ErrorKind.BULKHEAD_FULL, "Model " + model + " already has "
                    + maxConcurrentCalls + " calls in flight", MIN_RETRY_AFTER, error);
        }
        if (error instanceof TimeoutException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "Model " + model + " did not answer within "
                    + timeLimit().toMillis() + " ms", null, error);
        }
        return new GatewayException(ErrorKind.INTERNAL, "Unexpected failure calling model " + model, null, error);
    }

    /** How long until the open circuit lets a trial call through. */
    Duration retryAfter() {
        Duration left = waitInOpen.minus(Duration.between(openedAt, clock.instant()));
        return left.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : left;
    }

    /** Calls of this model holding a bulkhead permit now, streams included. */
    public int callsInFlight() {
        return bulkhead.inFlight();
    }

    /** closed, open, half_open, ... as callers read it in {@code /v1/models}. */
    public String circuitState() {
        return stateName(breaker.getState());
    }

    /** Whether the breaker refuses calls now (open or forced open), so balancing tries this deployment last. */
    public boolean refusesCalls() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    private static String stateName(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    public CircuitBreaker breaker() {
        return breaker;
    }
}
