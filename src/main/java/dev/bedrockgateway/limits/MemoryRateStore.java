package dev.bedrockgateway.limits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The counters of one replica, in memory, with the meaning of {@link RedisRateStore}'s: the store with no Redis
 * configured, and the fallback while a configured Redis is unreachable (its counts start from nothing, so a limit
 * then holds per replica). One lock: each step is a few map operations.
 */
final class MemoryRateStore implements RateStore {

    /** Above this many windows, the ended ones are swept out, so keys that stop calling do not grow the map. */
    private static final int SWEEP_AT = 50_000;

    private final long windowMillis;
    private final long leaseMillis;
    private final Map<String, Window> windows = new HashMap<>();
    /** Per stream counter: the leases open on it and when each lapses. */
    private final Map<String, Map<String, Long>> streams = new HashMap<>();

    /** One counter's current window. */
    private static final class Window {
        private final String start;
        private final long endsAt;
        private long used;

        private Window(String start, long endsAt, long used) {
            this.start = start;
            this.endsAt = endsAt;
            this.used = used;
        }
    }

    MemoryRateStore(long windowMillis, long leaseMillis) {
        this.windowMillis = windowMillis;
        this.leaseMillis = leaseMillis;
    }

    @Override
    public Mono<Admission> take(String team, List<Count> counts, String lease, long now) {
        return Mono.fromSupplier(() -> takeNow(team, counts, lease, now));
    }

    @Override
    public Mono<Void> settle(Admission admission, long tokenChange) {
        return Mono.fromRunnable(() -> settleNow(admission, tokenChange));
    }

    private synchronized Admission takeNow(String team, List<Count> counts, String lease, long now) {
        List<Tally> before = new ArrayList<>(counts.size());
        Tally refused = null;
        for (Count count : counts) {
            Tally tally = count.measure().windowed() ? windowTally(team, count, now) : streamTally(team, count, now);
            before.add(tally);
            if (refused == null && tally.used() + count.amount() > count.limit()) {
                refused = tally;
            }
        }
        if (refused != null) {
            return new Admission(team, before, refused, this, lease);
        }
        List<Tally> after = new ArrayList<>(counts.size());
        for (Tally tally : before) {
            String name = name(team, tally.count());
            long amount = tally.count().amount();
            if (tally.count().measure().windowed()) {
                Window window = windows.get(name);
                if (window == null || !window.start.equals(tally.window())) {
                    windows.put(name, new Window(tally.window(), now + windowMillis, amount));
                } else {
                    window.used += amount;
                }
            } else {
                streams.computeIfAbsent(name, open -> new HashMap<>()).put(lease, now + leaseMillis);
            }
            after.add(new Tally(tally.count(), tally.used() + amount, tally.resetMillis(), tally.window()));
        }
        if (windows.size() > SWEEP_AT) {
            windows.values().removeIf(window -> window.endsAt <= now);
        }
        return new Admission(team, after, null, this, lease);
    }

    private Tally windowTally(String team, Count count, long now) {
        Window window = windows.get(name(team, count));
        if (window == null || window.endsAt <= now) {
            return new Tally(count, 0, windowMillis, Long.toString(now));
        }
        return new Tally(count, window.used, window.endsAt - now, window.start);
    }

    private Tally streamTally(String team, Count count, long now) {
        Map<String, Long> open = streams.get(name(team, count));
        if (open == null) {
            return new Tally(count, 0, 0, "");
        }
        open.values().removeIf(lapses -> lapses <= now);
        return new Tally(count, open.size(), 0, "");
    }

    private synchronized void settleNow(Admission admission, long tokenChange) {
        for (Tally tally : admission.tallies()) {
            String name = name(admission.team(), tally.count());
            if (tally.count().measure() == Measure.TOKENS) {
                Window window = windows.get(name);
                if (window != null && window.start.equals(tally.window())) {
                    window.used = Math.max(0, window.used + tokenChange);
                }
            } else if (tally.count().measure() == Measure.STREAMS) {
                Map<String, Long> open = streams.get(name);
                if (open != null && open.remove(admission.lease()) != null && open.isEmpty()) {
                    streams.remove(name);
                }
            }
        }
    }

    private static String name(String team, Count count) {
        return team + "|" + count.counter();
    }
}
