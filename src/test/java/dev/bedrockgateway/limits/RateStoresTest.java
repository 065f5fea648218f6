package dev.bedrockgateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.access.SharedRedis;
import dev.bedrockgateway.access.StoreSettings;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/**
 * Both stores of the rate limits mean the same: the Redis one (against the local Redis on 127.0.0.1:6379, under a
 * key prefix of this run's own, deleted after; skipped, saying why, where no Redis answers) and the memory one.
 */
class RateStoresTest {

    private static final long WINDOW = Duration.ofMinutes(1).toMillis();
    private static final long LEASE = Duration.ofMinutes(15).toMillis();
    private static final String PREFIX = "rate-stores-test-" + Long.toHexString(System.nanoTime()) + ":";
    private static final AtomicLong TEAMS = new AtomicLong();

    private static SharedRedis redis;

    static Stream<String> stores() {
        return Stream.of("memory", "redis");
    }

    private static RateStore store(String kind) {
        if (kind.equals("memory")) {
            return new MemoryRateStore(WINDOW, LEASE);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
        } catch (Exception unreachable) {
            Assumptions.abort("No Redis on 127.0.0.1:6379 (" + unreachable.getMessage()
                    + "): the Redis rate store is not tested here");
        }
        if (redis == null) {
            redis = SharedRedis.open(new StoreSettings.Redis("redis://127.0.0.1:6379/0", Duration.ofSeconds(2),
                    PREFIX));
        }
        return new RedisRateStore(redis, WINDOW, LEASE);
    }

    @AfterAll
    static void deleteThisRunsKeys() {
        if (redis == null) {
            return;
        }
        redis.commands().flatMap(commands -> commands.keys(PREFIX + "*").collectList()
                        .flatMap(keys -> keys.isEmpty() ? Mono.just(0L)
                                : commands.del(keys.toArray(String[]::new))))
                .block(Duration.ofSeconds(5));
        redis.close();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void takesEveryCounterOrNoneAndSaysWhichLimitWasReached(String kind) {
        RateStore store = store(kind);
        String team = team();
        long now = System.currentTimeMillis();
        Count requests = new Count("key:k1", Measure.REQUESTS, 3, 1, "key_requests_per_minute");
        Count tokens = new Count("team", Measure.TOKENS, 100, 40, "team_tokens_per_minute");

        Admission first = store.take(team, List.of(requests, tokens), "l1", now).block();
        assertThat(first.admitted()).isTrue();
        assertThat(first.tallies()).extracting(Tally::used).containsExactly(1L, 40L);
        assertThat(first.tallies().get(0).resetMillis()).isBetween(1L, WINDOW);
        assertThat(store.take(team, List.of(requests, tokens), "l2", now).block().admitted()).isTrue();

        Admission refused = store.take(team, List.of(requests, tokens), "l3", now).block();
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refused().count()).isEqualTo(tokens);
        assertThat(refused.refused().remaining()).isEqualTo(20);

        Count fewTokens = new Count("team", Measure.TOKENS, 100, 20, "team_tokens_per_minute");
        Admission after = store.take(team, List.of(requests, fewTokens), "l4", now).block();
        assertThat(after.admitted()).isTrue();
        assertThat(after.tallies()).as("the refused request took nothing").extracting(Tally::used)
                .containsExactly(3L, 100L);
        Admission overRequests = store.take(team, List.of(requests), "l5", now).block();
        assertThat(overRequests.refused().count()).isEqualTo(requests);
        assertThat(overRequests.refused().remaining()).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void settlingMovesTokensFromTheReservationToWhatWasUsed(String kind) {
        RateStore store = store(kind);
        String team = team();
        long now = System.currentTimeMillis();
        Count reserve = new Count("key:k1", Measure.TOKENS, 100, 80, "key_tokens_per_minute");
        Admission admitted = store.take(team, List.of(reserve), "l1", now).block();
        assertThat(store.take(team, List.of(reserve), "l2", now).block().admitted()).as("80 + 80 > 100").isFalse();

        store.settle(admitted, 30 - 80).block();
        Admission next = store.take(team, List.of(reserve), "l3", now).block();
        assertThat(next.admitted()).as("30 used + 80 asked is over 100").isFalse();
        Count smaller = new Count("key:k1", Measure.TOKENS, 100, 70, "key_tokens_per_minute");
        Admission fits = store.take(team, List.of(smaller), "l4", now).block();
        assertThat(fits.admitted()).isTrue();
        assertThat(fits.tallies().get(0).used()).isEqualTo(100);

        store.settle(fits, -500).block();
        assertThat(store.take(team, List.of(smaller), "l5", now).block().tallies().get(0).used())
                .as("a window never goes below zero: 0 + 70").isEqualTo(70);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aStreamHoldsItsPlaceUntilGivenBackOrItsLeaseLapses(String kind) {
        RateStore store = store(kind);
        String team = team();
        long now = System.currentTimeMillis();
        Count stream = new Count("key:k1", Measure.STREAMS, 1, 1, "key_streams_at_once");
        Admission open = store.take(team, List.of(stream), "lease-a", now).block();
        assertThat(open.admitted()).isTrue();
        assertThat(store.take(team, List.of(stream), "lease-b", now).block().admitted()).isFalse();

        store.settle(open, 0).block();
        Admission second = store.take(team, List.of(stream), "lease-c", now).block();
        assertThat(second.admitted()).isTrue();
        assertThat(store.take(team, List.of(stream), "lease-d", now + LEASE + 1).block().admitted())
                .as("a lease that lapsed (its replica died) frees the place").isTrue();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aWindowEndsAMinuteAfterItsFirstCount(String kind) {
        RateStore store = store(kind);
        String team = team();
        long start = 1_000_000;
        Count requests = new Count("key:k1", Measure.REQUESTS, 1, 1, "key_requests_per_minute");
        Count tokens = new Count("key:k1", Measure.TOKENS, 10, 4, "key_tokens_per_minute");
        assertThat(store.take(team, List.of(requests, tokens), "l1", start).block().admitted()).isTrue();
        Admission refused = store.take(team, List.of(requests, tokens), "l2", start + 20_000).block();
        assertThat(refused.refused().resetMillis()).isEqualTo(40_000);
        assertThat(refused.tallies()).extracting(Tally::resetMillis).containsExactly(40_000L, 40_000L);
        Admission next = store.take(team, List.of(requests, tokens), "l3", start + WINDOW).block();
        assertThat(next.admitted()).isTrue();
        assertThat(next.tallies()).as("a new window, counted from nothing").extracting(Tally::used)
                .containsExactly(1L, 4L);
        assertThat(next.tallies()).extracting(Tally::resetMillis).containsExactly(WINDOW, WINDOW);
    }

    /**
     * A request with every limit a key can have, in the order {@code LimitsPolicy} makes them (requests, tokens,
     * streams; key, team, the key's per model): each count's tally comes back in that order, whatever store groups
     * them by owner, and a refusal names the count that went over and takes nothing from any.
     */
    @ParameterizedTest
    @MethodSource("stores")
    void everyLimitOfARequestIsTalliedInItsOwnOrder(String kind) {
        RateStore store = store(kind);
        String team = team();
        long now = System.currentTimeMillis();
        List<Count> counts = List.of(
                new Count("key:k1", Measure.REQUESTS, 10, 1, "key_requests_per_minute"),
                new Count("team", Measure.REQUESTS, 20, 1, "team_requests_per_minute"),
                new Count("key:k1:model:m", Measure.REQUESTS, 30, 1, "key_model_requests_per_minute"),
                new Count("key:k1", Measure.TOKENS, 1_000, 100, "key_tokens_per_minute"),
                new Count("team", Measure.TOKENS, 250, 100, "team_tokens_per_minute"),
                new Count("key:k1:model:m", Measure.TOKENS, 3_000, 100, "key_model_tokens_per_minute"),
                new Count("key:k1", Measure.STREAMS, 5, 1, "key_streams_at_once"),
                new Count("team", Measure.STREAMS, 6, 1, "team_streams_at_once"));

        Admission first = store.take(team, counts, "l1", now).block();
        assertThat(first.admitted()).isTrue();
        assertThat(first.tallies()).extracting(Tally::count).containsExactlyElementsOf(counts);
        assertThat(first.tallies()).extracting(Tally::remaining)
                .containsExactly(9L, 19L, 29L, 900L, 150L, 2_900L, 4L, 5L);
        store.take(team, counts, "l2", now).block();

        Admission refused = store.take(team, counts, "l3", now).block();
        assertThat(refused.refused().count()).as("the team's 250 tokens: 200 taken, 100 more asked")
                .isEqualTo(counts.get(4));
        assertThat(refused.tallies()).as("nothing was taken").extracting(Tally::used)
                .containsExactly(2L, 2L, 2L, 200L, 200L, 200L, 2L, 2L);

        store.settle(first, 10 - 100).block();
        Admission after = store.take(team, counts, "l4", now).block();
        assertThat(after.admitted()).as("the first request used 10 of its 100 tokens: 110 + 100 fits 250").isTrue();
        assertThat(after.tallies()).extracting(Tally::used)
                .containsExactly(3L, 3L, 3L, 210L, 210L, 210L, 2L, 2L);
    }

    private static String team() {
        return "team-" + TEAMS.incrementAndGet();
    }
}
