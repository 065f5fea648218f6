package dev.bedrockgateway.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The spend of each key and team in the current UTC day and month, the four counters a budget check reads in one
 * round trip. A counter that is missing (a new window, a restarted replica with counters in memory, an emptied Redis)
 * is rebuilt from the ledger on the miss: the rows written and those still in the buffer. Only a counter that
 * exists is added to, so a request charged while its counter is being rebuilt is counted once, by the rebuild.
 */
public final class SpendCounters {

    /** A window's counter outlives the window a little, so a replica whose clock is behind still finds it. */
    private static final Duration EXPIRY_GRACE = Duration.ofDays(1);
    /** Counters hold whole nano-dollars: exact sums, and Redis adds whole numbers atomically. */
    private static final int NANO = 9;

    private final CounterStore counters;
    private final Ledger ledger;
    private final Clock clock;
    private final String prefix;
    /** Rebuilds under way, by counter: a burst of misses asks the ledger once. */
    private final Map<String, Mono<Long>> rebuilding = new ConcurrentHashMap<>();

    /** @param prefix put before every counter's key, so that several gateways (or test runs) can share one Redis */
    public SpendCounters(CounterStore counters, Ledger ledger, Clock clock, String prefix) {
        this.counters = counters;
        this.ledger = ledger;
        this.clock = clock;
        this.prefix = prefix;
    }

    /** What the key and its team have spent today and this month. */
    public Mono<Spend> spend(String keyId, String team) {
        List<Slot> slots = slots(keyId, team, clock.instant());
        return counters.get(keys(slots)).flatMap(values -> filled(slots, values)).map(SpendCounters::spend);
    }

    /**
     * Charges a cost to the key and its team, after its ledger row was recorded (so that a rebuild includes it).
     *
     * @return the spend after the charge
     */
    public Mono<Spend> charge(String keyId, String team, BigDecimal costUsd) {
        List<Slot> slots = slots(keyId, team, clock.instant());
        return counters.addIfPresent(keys(slots), nanos(costUsd)).flatMap(values -> filled(slots, values))
                .map(SpendCounters::spend);
    }

    /** A counter: whose, in which window, under which key, as of when. */
    private record Slot(Payer payer, SpendWindow window, String key, Instant now) {
    }

    /** The four counters in the order of {@link Spend}'s fields. */
    private List<Slot> slots(String keyId, String team, Instant now) {
        List<Slot> slots = new ArrayList<>(4);
        for (Payer payer : List.of(Payer.key(keyId), Payer.team(team))) {
            for (SpendWindow window : SpendWindow.values()) {
                slots.add(new Slot(payer, window, prefix + "spend:" + payer.kind().name().toLowerCase() + ":"
                        + payer.id() + ":" + window.id(now), now));
            }
        }
        return slots;
    }

    private static List<String> keys(List<Slot> slots) {
        return slots.stream().map(Slot::key).toList();
    }

    /** The values, with each missing one rebuilt from the ledger. */
    private Mono<List<Long>> filled(List<Slot> slots, List<Long> values) {
        if (!values.contains(null)) {
            return Mono.just(values);
        }
        List<Mono<Long>> each = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            Long value = values.get(i);
            each.add(value != null ? Mono.just(value) : rebuilt(slots.get(i)));
        }
        return Mono.zip(each, array -> {
            List<Long> all = new ArrayList<>(array.length);
            for (Object value : array) {
                all.add((Long) value);
            }
            return all;
        });
    }

    private Mono<Long> rebuilt(Slot slot) {
        return rebuilding.computeIfAbsent(slot.key(), key -> Mono.fromCallable(() -> nanos(ledger.spent(slot.payer(),
                                slot.window().start(slot.now()), slot.window().end(slot.now()))))
                        .subscribeOn(Schedulers.boundedElastic())
                        .flatMap(total -> counters.setIfAbsent(key, total,
                                slot.window().end(slot.now()).plus(EXPIRY_GRACE)))
                        .doFinally(signal -> rebuilding.remove(key))
                        .cache());
    }

    private static Spend spend(List<Long> values) {
        return new Spend(usd(values.get(0)), usd(values.get(1)), usd(values.get(2)), usd(values.get(3)));
    }

    static long nanos(BigDecimal usd) {
        return usd.movePointRight(NANO).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos, NANO).stripTrailingZeros();
    }
}
