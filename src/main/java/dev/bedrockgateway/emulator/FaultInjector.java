package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault plans in force and, per plan, how many calls it has seen (for deterministic sampling).
 * A call matches the plan for the exact id it names, else for its plain model id, else "*".
 */
final class FaultInjector {

    /** The key of the plan that applies to every model without its own. */
    static final String ALL_MODELS = "*";

    private record PlanState(FaultPlan plan, AtomicLong calls) {
    }

    /**
     * What to do to one call.
     *
     * @param plan    the plan that applies (latency and stream pacing come from it)
     * @param failure the error this call fails with, or null
     */
    record Decision(FaultPlan plan, FaultKind failure) {
        static final Decision NONE = new Decision(FaultPlan.latencyOnly(Duration.ZERO), null);

        Duration latency() {
            return plan.latency();
        }

        /** Whether the failure arrives as an exception frame inside a stream rather than as an HTTP error. */
        boolean failsMidStream() {
            return failure != null && plan.failAfterChunks() != null;
        }
    }

    private final ConcurrentMap<String, PlanState> plans = new ConcurrentHashMap<>();

    FaultInjector(Map<String, FaultPlan> initial) {
        initial.forEach(this::set);
    }

    /** Sets the plan for a model id (or "*"), restarting its sampling count. */
    void set(String modelId, FaultPlan plan) {
        plans.put(modelId, new PlanState(plan, new AtomicLong()));
    }

    void clear(String modelId) {
        plans.remove(modelId);
    }

    void clearAll() {
        plans.clear();
    }

    Map<String, FaultPlan> plans() {
        Map<String, FaultPlan> copy = new LinkedHashMap<>();
        plans.forEach((id, state) -> copy.put(id, state.plan()));
        return copy;
    }

    Decision decide(String modelId, String baseModelId) {
        PlanState state = plans.get(modelId);
        if (state == null && baseModelId != null) {
            state = plans.get(baseModelId);
        }
        if (state == null) {
            state = plans.get(ALL_MODELS);
        }
        if (state == null) {
            return Decision.NONE;
        }
        long n = state.calls().incrementAndGet();
        FaultPlan plan = state.plan();
        return new Decision(plan, plan.failsCall(n) ? plan.kind() : null);
    }
}
