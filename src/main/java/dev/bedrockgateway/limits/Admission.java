package dev.bedrockgateway.limits;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request's counts as a store answered them: admitted (every counter took its amount) or refused (none did, and
 * {@link #refused} says which limit was reached). An admitted request settles once, when its answer ends.
 */
public final class Admission {

    private final String team;
    private final List<Tally> tallies;
    private final Tally refused;
    private final RateStore store;
    private final String lease;
    private final AtomicBoolean settled = new AtomicBoolean();

    Admission(String team, List<Tally> tallies, Tally refused, RateStore store, String lease) {
        this.team = team;
        this.tallies = List.copyOf(tallies);
        this.refused = refused;
        this.store = store;
        this.lease = lease;
    }

    public boolean admitted() {
        return refused == null;
    }

    /** The first limit the request would have gone over, or null when admitted. */
    public Tally refused() {
        return refused;
    }

    /** Every counter the request was counted in, in the order asked. */
    public List<Tally> tallies() {
        return tallies;
    }

    String team() {
        return team;
    }

    RateStore store() {
        return store;
    }

    String lease() {
        return lease;
    }

    /** Whether this is the first settlement (later ones are ignored). */
    boolean settleOnce() {
        return admitted() && settled.compareAndSet(false, true);
    }

    /** The tokens the request reserved, across its token counters (each reserved the same amount). */
    long reservedTokens() {
        return tallies.stream().filter(tally -> tally.count().measure() == Measure.TOKENS)
                .mapToLong(tally -> tally.count().amount()).findFirst().orElse(0);
    }
}
