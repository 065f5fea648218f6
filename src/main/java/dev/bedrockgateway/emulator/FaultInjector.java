package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault plans in force and, per plan, how many calls it has seen (for deterministic sampling).
 * A call matches the plan for the exact id it names, else for its plain model id, else "*": first among the plans of
 * the region it was signed for (the emulator plays every region at once), then among the plans of no region.
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
    private final ConcurrentMap<String, ConcurrentMap<String, PlanState>> regional = new ConcurrentHashMap<>();

    FaultInjector(Map<String, FaultPlan> initial) {
        initial.forEach(this::set);
    }

    /** Sets the plan for a model id (or "*"), restarting its sampling count. */
    void set(String modelId, FaultPlan plan) {
        plans.put(modelId, new PlanState(plan, new AtomicLong()));
    }

    /** Sets the plan for a model id (or "*") in one region only, ahead of the plans of no region. */
    void set(String region, String modelId, FaultPlan plan) {
        regional.computeIfAbsent(region, key -> new ConcurrentHashMap<>())
                .put(modelId, new PlanState(plan, new AtomicLong()));
    }

    void clear(String modelId) {
        plans.remove(modelId);
    }

    void clear(String region, String modelId) {
        ConcurrentMap<String, PlanState> inRegion = regional.get(region);
        if (inRegion != null) {
            inRegion.remove(modelId);
        }
    }

    /** Clears every plan, in every region too. */
    void clearAll() {
        plans.clear();
        regional.clear();
    }

    void clearRegion(String region) {
        regional.remove(region);
    }

    Map<String, FaultPlan> plans() {
        return copy(plans);
    }

    Map<String, FaultPlan> plans(String region) {
        return copy(regional.getOrDefault(region, new ConcurrentHashMap<>()));
    }

    private static Map<String, FaultPlan> copy(Map<String, PlanState> plans) {
        Map<String, FaultPlan> copy = new LinkedHashMap<>();
        plans.forEach((id, state) -> copy.put(id, state.plan()));
        return copy;
    }

    Decision decide(String modelId, String baseModelId) {
        return decide(null, modelId, baseModelId);
    }

    /**
     * What to do to a call signed for {@code region} (null when its signature names none).
     */
    Decision decide(String region, String modelId, String baseModelId) {
        ConcurrentMap<String, PlanState> inRegion = region == null ? null : regional.get(region);
        PlanState state = inRegion == null ? null : find(inRegion, modelId, baseModelId);
        if (state == null) {
            state = find(plans, modelId, baseModelId);
        }
        if (state == null) {
            return Decision.NONE;
        }
        long n = state.calls().incrementAndGet();
        FaultPlan plan = state.plan();
        return new Decision(plan, plan.failsCall(n) ? plan.kind() : null);
    }

    private static PlanState find(Map<String, PlanState> plans, String modelId, String baseModelId) {
        PlanState state = plans.get(modelId);
        if (state == null && baseModelId != null) {
            state = plans.get(baseModelId);
        }
        return state != null ? state : plans.get(ALL_MODELS);
    }
}
