package dev.bedrockgateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutePoliciesTest {

    private static final ModelSpec A = model("a", 0.003, 0.015);
    private static final ModelSpec B = model("b", 0.0003, 0.0006);
    private static final ModelSpec C = model("c", 0.0005, 0.0015);

    @Test
    void splitsByWeightWithinTwoPercentOverTenThousandRequests() {
        Random seeded = new Random(42);
        WeightedPolicy policy = new WeightedPolicy(Map.of("a", 3, "b", 1), false, seeded::nextDouble);
        Map<String, Integer> firsts = new HashMap<>();

        for (int i = 0; i < 10_000; i++) {
            firsts.merge(policy.order(List.of(A, B), chat("hi", null)).get(0).alias(), 1, Integer::sum);
        }

        assertThat(firsts.get("a") / 10_000.0).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.02));
        assertThat(firsts.get("b") / 10_000.0).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void keepsTheOtherTargetsAsFallbacksInConfiguredOrder() {
        WeightedPolicy policy = new WeightedPolicy(Map.of("a", 1, "b", 1, "c", 1), false, () -> 0.99);

        assertThat(policy.order(List.of(A, B, C), chat("hi", null))).containsExactly(C, A, B);
    }

    @Test
    void givesAStickyUserTheSameModelEveryTime() {
        Random seeded = new Random(7);
        WeightedPolicy policy = new WeightedPolicy(Map.of("a", 1, "b", 1), true, seeded::nextDouble);
        Map<String, ModelSpec> firstChoice = new HashMap<>();

        for (int round = 0; round < 20; round++) {
            for (String user : List.of("ana", "bo", "cy", "di", "ed", "flo")) {
                ModelSpec first = policy.order(List.of(A, B), chat("hi", user)).get(0);
                assertThat(firstChoice.computeIfAbsent(user, u -> first)).isSameAs(first);
            }
        }
        assertThat(firstChoice.values()).as("users spread over both models").contains(A, B);
    }

    @Test
    void ordersCheapestFirstForThisRequest() {
        List<ModelSpec> ordered = new CheapestPolicy().order(List.of(A, C, B), chat("hello", null));

        assertThat(ordered).containsExactly(B, C, A);
    }

    @Test
    void weighsTheRequestsOwnSizeWhenPricing() {
        ModelSpec cheapInput = model("cheap-input", 0.0001, 0.02);
        ModelSpec cheapOutput = model("cheap-output", 0.002, 0.001);
        GenerationRequest longPromptShortAnswer = new GenerationRequest(Task.CHAT, null,
                List.of(Message.user("x".repeat(40_000))), Parameters.DEFAULTS.withMaxTokens(10), null, null, null, null);

        assertThat(new CheapestPolicy().order(List.of(cheapOutput, cheapInput), longPromptShortAnswer).get(0))
                .isEqualTo(cheapInput);
        assertThat(new CheapestPolicy().order(List.of(cheapInput, cheapOutput), chat("hi", null)).get(0))
                .isEqualTo(cheapOutput);
    }

    @Test
    void triesUnmeasuredModelsFirstThenTheFastest() {
        LatencyTracker latencies = new LatencyTracker();
        FastestPolicy policy = new FastestPolicy(latencies);

        assertThat(policy.order(List.of(A, B, C), chat("hi", null))).containsExactly(A, B, C);
        latencies.record("a", 300_000_000);
        assertThat(policy.order(List.of(A, B, C), chat("hi", null))).containsExactly(B, C, A);
        latencies.record("b", 20_000_000);
        latencies.record("c", 10_000_000);
        assertThat(policy.order(List.of(A, B, C), chat("hi", null))).containsExactly(C, B, A);
    }

    @Test
    void followsASlowdownWithinAFewCalls() {
        LatencyTracker latencies = new LatencyTracker();
        latencies.record("a", 10_000_000);
        latencies.record("b", 20_000_000);
        for (int i = 0; i < 3; i++) {
            latencies.record("a", 300_000_000);
        }

        assertThat(new FastestPolicy(latencies).order(List.of(A, B), chat("hi", null)).get(0)).isEqualTo(B);
    }

    @Test
    void measuresEveryModelAfreshOnceCleared() {
        LatencyTracker latencies = new LatencyTracker();
        latencies.record("a", 300_000_000);
        latencies.record("b", 20_000_000);

        latencies.clear();

        assertThat(latencies.averageMillis("a")).isEmpty();
        assertThat(new FastestPolicy(latencies).order(List.of(A, B), chat("hi", null))).containsExactly(A, B);
        latencies.record("a", 10_000_000);
        assertThat(latencies.averageMillis("a")).hasValue(10.0);
    }

    private static GenerationRequest chat(String prompt, String user) {
        return new GenerationRequest(Task.CHAT, null, List.of(Message.user(prompt)), null, null, null, null, null,
                new RequestMetadata(user, Map.of()));
    }

    private static ModelSpec model(String alias, double inputPer1k, double outputPer1k) {
        return new ModelSpec(alias, "meta.llama3-8b-instruct-v1:0", ModelFamily.META, "meta", Task.CHAT, false,
                8192, 2048, new Price(inputPer1k, outputPer1k, 0, null));
    }
}
