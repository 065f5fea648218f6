package dev.bedrockgateway.emulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** How many calls the emulator received per model id, failed or not, so tests can see retries and fallbacks. */
final class CallCounts {

    private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();

    void record(String modelId) {
        counts.computeIfAbsent(modelId, id -> new LongAdder()).increment();
    }

    long count(String modelId) {
        LongAdder adder = counts.get(modelId);
        return adder == null ? 0 : adder.sum();
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((id, adder) -> copy.put(id, adder.sum()));
        return copy;
    }

    void clear() {
        counts.clear();
    }
}
