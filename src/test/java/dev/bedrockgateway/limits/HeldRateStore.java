package dev.bedrockgateway.limits;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A rate store for tests of the steps around it: it admits every request, but answers the takes only when the test
 * says ({@link #answerTakes}), and it never confirms a settlement (a store that went quiet after taking it).
 */
public final class HeldRateStore implements RateStore {

    private final Sinks.Empty<Void> takesAnswered = Sinks.empty();
    private final AtomicInteger takes = new AtomicInteger();
    private final List<Long> settlements = new CopyOnWriteArrayList<>();

    /** A limiter counting in this store (in mode open, as it ships). */
    public Limiter limiter() {
        return new Limiter(this, new LimitSettings(LimitSettings.OnStoreDown.OPEN), Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    /** Answers every take sent so far, and those sent from now on at once. */
    public void answerTakes() {
        takesAnswered.tryEmitEmpty();
    }

    /** How many takes were sent. */
    public int takes() {
        return takes.get();
    }

    /** The token change of every settlement sent, in the order sent. */
    public List<Long> settlements() {
        return settlements;
    }

    @Override
    public Mono<Admission> take(String team, List<Count> counts, String lease, long now) {
        takes.incrementAndGet();
        List<Tally> tallies = counts.stream()
                .map(count -> new Tally(count, count.amount(), Limiter.WINDOW.toMillis(), Long.toString(now)))
                .toList();
        return takesAnswered.asMono().then(Mono.fromSupplier(() -> new Admission(team, tallies, null, this, lease)));
    }

    @Override
    public Mono<Void> settle(Admission admission, long tokenChange) {
        settlements.add(tokenChange);
        return Mono.never();
    }
}
