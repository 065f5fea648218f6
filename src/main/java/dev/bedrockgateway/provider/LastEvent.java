package dev.bedrockgateway.provider;

import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends a Bedrock stream at its last event. Bedrock marks the last event of each stream (the chunk carrying
 * {@code amazon-bedrock-invocationMetrics} on InvokeModelWithResponseStream, the {@code metadata} event on
 * ConverseStream), and the HTTP response ends right after it. The SDK's publisher normally completes then too; when
 * its completion does not come (the Netty client can lose it, aws/aws-sdk-java-v2#6949, and a warm-up stream in CI
 * once waited on it for minutes), the answer is already whole, so the stream ends here after a short grace instead of
 * leaving the caller waiting for the time limit. The grace lets a healthy stream complete by itself, so its connection
 * goes back to the pool rather than being closed by the cancel.
 */
public final class LastEvent {

    /** How long the SDK's own completion is awaited after the last event. */
    static final Duration GRACE = Duration.ofSeconds(1);

    private LastEvent() {
    }

    /** The events, completed at most {@link #GRACE} after the one {@code last} recognises. */
    public static <T> Flux<T> endsAt(Flux<T> events, Predicate<? super T> last) {
        return endsAt(events, last, GRACE);
    }

    static <T> Flux<T> endsAt(Flux<T> events, Predicate<? super T> last, Duration grace) {
        return Flux.defer(() -> {
            Sinks.Empty<Void> seen = Sinks.empty();
            return events
                    .doOnNext(event -> {
                        if (last.test(event)) {
                            seen.tryEmitEmpty();
                        }
                    })
                    .takeUntilOther(seen.asMono().then(Mono.delay(grace)));
        });
    }
}
