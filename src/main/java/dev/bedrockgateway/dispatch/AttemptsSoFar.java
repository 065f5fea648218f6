package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.resilience.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import reactor.util.context.Context;

/**
 * What a dispatch has tried so far, the try in flight included, for a caller that gives up before the dispatch
 * answers or fails: a cancelled request still names the model it was waiting on (a call Bedrock bills), and its wait
 * on Bedrock is not mistaken for time spent in the gateway. A caller puts one in the subscriber context
 * ({@link #into}); the dispatcher keeps it up to date; any thread may read it.
 */
public final class AttemptsSoFar {

    private volatile State state = new State(null, List.of(), null);

    /** {@code context} with this record in it, where the dispatcher finds it. */
    public Context into(Context context) {
        return context.put(AttemptsSoFar.class, this);
    }

    /** The route followed, or null when no model was tried yet. */
    public String route() {
        return state.route;
    }

    /**
     * The tries so far: those finished, then the one in flight, if any, as {@link Outcome#CANCELLED}, its latency
     * counted up to {@code nowNanos} ({@link System#nanoTime()}).
     */
    public List<Attempt> attempts(long nowNanos) {
        State current = state;
        if (current.inFlight == null) {
            return current.done;
        }
        List<Attempt> attempts = new ArrayList<>(current.done);
        InFlight call = current.inFlight;
        attempts.add(new Attempt(call.model, call.deployment, Outcome.CANCELLED,
                TimeUnit.NANOSECONDS.toMillis(nowNanos - call.startNanos), "the caller left while it was in flight"));
        return attempts;
    }

    void started(String route, List<Attempt> done, String model, String deployment, long startNanos) {
        state = new State(route, List.copyOf(done), new InFlight(model, deployment, startNanos));
    }

    void ended(String route, List<Attempt> done) {
        state = new State(route, List.copyOf(done), null);
    }

    private record State(String route, List<Attempt> done, InFlight inFlight) {
    }

    private record InFlight(String model, String deployment, long startNanos) {
    }
}
