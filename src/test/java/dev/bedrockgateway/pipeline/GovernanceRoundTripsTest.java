package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.Limits;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.Dispatch;
import dev.bedrockgateway.limits.HeldRateStore;
import dev.bedrockgateway.routing.TokenEstimate;
import dev.bedrockgateway.usage.BudgetSettings;
import dev.bedrockgateway.usage.CounterStore;
import dev.bedrockgateway.usage.SpendCounters;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What the limits and budget steps wait for on the shared store (issue 18's benchmark: governance at most 0.3 ms
 * over p50): the budget's spend read is sent with the limits' script, not after it, and a whole answer goes out
 * without waiting for its token settlement.
 */
class GovernanceRoundTripsTest {

    private static final Limits LIMITED = new Limits(100, 100_000, null, new BigDecimal("10"), new BigDecimal("100"));
    private static final AccessKey KEY = new AccessKey("key_1", "app", "team-a", "gk_abc", List.of("*"), null, null,
            Instant.EPOCH, null, LIMITED, Map.of());
    private static final Team TEAM = new Team("team-a", Instant.EPOCH, LIMITED);
    private static final int MAX_TOKENS = 50;
    private static final Usage USED = new Usage(3, 7);

    private final HeldRateStore limitsStore = new HeldRateStore();
    private final CountingCounters spendStore = new CountingCounters();
    private final BudgetPolicy budget = new BudgetPolicy(new SpendCounters(spendStore, null, Clock.systemUTC(), "t:"),
            new BudgetSettings.Downgrade(null, null), Clock.systemUTC());
    private final GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("Hi")),
            new Parameters(MAX_TOKENS, null, null, null, List.of()), null, null, null, null);
    /**
     * Identity, limits, budget, as RequestPolicyOrder chains them. The route table and the meters are not reached: the
     * key has no per-model limits, the request names its max_tokens, and nothing is refused.
     */
    private final RequestPolicies chain = new RequestPolicies(List.of(identified(),
            new LimitsPolicy(limitsStore.limiter(), null, null), budget));

    @Test
    void theSpendReadIsSentWhileTheLimitsScriptIsStillOut() {
        StepVerifier.create(chain.run(call(), dispatch()))
                .then(() -> {
                    assertThat(limitsStore.takes()).isEqualTo(1);
                    assertThat(spendStore.reads).as("spend reads sent before the limits answered").hasValue(1);
                    limitsStore.answerTakes();
                })
                .expectNextCount(1)
                .expectComplete()
                .verify(Duration.ofSeconds(5));

        assertThat(spendStore.reads).as("the budget step used the read already made").hasValue(1);
    }

    @Test
    void aWholeAnswerIsSentWithoutWaitingForItsSettlement() {
        limitsStore.answerTakes();

        // The store never confirms the settlement: an answer that waited for it would never come.
        StepVerifier.create(chain.run(call(), dispatch())).expectNextCount(1).expectComplete()
                .verify(Duration.ofSeconds(5));

        long reserved = TokenEstimate.input(request) + MAX_TOKENS;
        assertThat(limitsStore.settlements()).containsExactly(USED.totalTokens() - reserved);
    }

    /** Identity as the chain runs it, without a key store: the caller is known, and the budget starts its read. */
    private RequestPolicy identified() {
        return new RequestPolicy() {
            @Override
            public Mono<Served> apply(PolicyCall<?> call, PolicyChain next) {
                IdentityPolicy.identify(call, KEY, TEAM);
                budget.startReading(call);
                return next.next(call);
            }
        };
    }

    private PolicyCall<GenerationRequest> call() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/generate"));
        return new PolicyCall<>("native", exchange, new RequestContext("req_1", System.nanoTime()), () -> request);
    }

    private static Function<PolicyCall<GenerationRequest>, Mono<Served>> dispatch() {
        return call -> Mono.just(new ServedRequest("req_1", call.request(), new Dispatch(null,
                GenerationResult.text("Hello there", FinishReason.STOP, USED), null, List.of(), 0), 0, 0, 0));
    }

    /** Spend counters that all exist and hold nothing, counting the reads. */
    private static final class CountingCounters implements CounterStore {

        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Mono<List<Long>> get(List<String> keys) {
            reads.incrementAndGet();
            return Mono.just(Collections.nCopies(keys.size(), 0L));
        }

        @Override
        public Mono<List<Long>> addIfPresent(List<String> keys, long amount) {
            return Mono.just(Collections.nCopies(keys.size(), amount));
        }

        @Override
        public Mono<Long> setIfAbsent(String key, long value, Instant expiresAt) {
            return Mono.just(value);
        }
    }
}
