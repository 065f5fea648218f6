package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link BedrockEmulator} runs.
 *
 * @param host          address to bind; loopback by default so an emulator is never reachable from outside by accident
 * @param port          port to bind; 0 picks a free one
 * @param faults        fault plans by model id ("*" for every model)
 * @param modelFamilies families of model identifiers whose family cannot be read from the id (opaque ARNs)
 */
public record EmulatorSettings(String host, int port, Map<String, FaultPlan> faults, Map<String, ModelFamily> modelFamilies) {

    /** Loopback: the emulator answers anyone who reaches it, so it only listens locally unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Any free port, so parallel test runs never collide. */
    public static final int DEFAULT_PORT = 0;

    public EmulatorSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        modelFamilies = modelFamilies == null ? Map.of() : Map.copyOf(modelFamilies);
    }

    public static EmulatorSettings defaults() {
        return new EmulatorSettings(DEFAULT_HOST, DEFAULT_PORT, Map.of(), Map.of());
    }

    public EmulatorSettings withHost(String newHost) {
        return new EmulatorSettings(newHost, port, faults, modelFamilies);
    }

    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(host, newPort, faults, modelFamilies);
    }

    public EmulatorSettings withFault(String modelId, FaultPlan plan) {
        Map<String, FaultPlan> more = new LinkedHashMap<>(faults);
        more.put(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(plan, "plan"));
        return new EmulatorSettings(host, port, more, modelFamilies);
    }

    public EmulatorSettings withModelFamily(String modelId, ModelFamily family) {
        Map<String, ModelFamily> more = new LinkedHashMap<>(modelFamilies);
        more.put(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(family, "family"));
        return new EmulatorSettings(host, port, faults, more);
    }
}
