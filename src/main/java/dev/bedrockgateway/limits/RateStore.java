package dev.bedrockgateway.limits;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where the counters are kept: Redis (shared by every replica) or one replica's memory, with the same meaning. Every
 * counter of one request is checked and taken in one atomic step: all take their amount, or none does.
 */
interface RateStore {

    /**
     * Checks every count against its limit and, when none would go over, takes them all.
     *
     * @param team  the team of the request's key: its counters are kept together
     * @param lease names this request's hold on its stream counters, to give back when the stream closes
     * @param now   the time, in milliseconds since the epoch
     */
    Mono<Admission> take(String team, List<Count> counts, String lease, long now);

    /**
     * Settles an admitted request: its token counters change by {@code tokenChange} (used minus reserved) in the
     * window it was counted in, if that window is still running; its streams are given back.
     */
    Mono<Void> settle(Admission admission, long tokenChange);
}
