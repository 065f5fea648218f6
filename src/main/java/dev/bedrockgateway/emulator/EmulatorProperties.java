package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code gateway.emulator:}; used when {@code gateway.backend=emulator}.
 * Model ids contain '.' and ':', so fault keys go in brackets:
 * <pre>
 * gateway:
 *   emulator:
 *     port: 4010
 *     faults:
 *       "[anthropic.claude-3-sonnet-20240229-v1:0]": {error: throttling, rate: 0.5, latency: 200ms}
 *       "[*]": {error: none, latency: 50ms}
 * </pre>
 *
 * @param port   port to bind; 0 picks a free one
 * @param host   address to bind
 * @param faults fault plans by model id, "*" for every model
 */
@ConfigurationProperties("gateway.emulator")
public record EmulatorProperties(
        @DefaultValue("0") int port,
        @DefaultValue(EmulatorSettings.DEFAULT_HOST) String host,
        Map<String, FaultSettings> faults) {

    private static final String PREFIX = "gateway.emulator.";

    public EmulatorProperties {
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        if (port < 0 || port > 65_535) {
            throw new InvalidConfigurationException(PREFIX + "port", port, "must be between 0 and 65535 (0 picks a free port)");
        }
        if (host == null || host.isBlank()) {
            throw new InvalidConfigurationException(PREFIX + "host", host, "must name an address to bind, e.g. 127.0.0.1");
        }
        faults.forEach(EmulatorProperties::toPlan); // fail at start-up, naming the key
    }

    /**
     * One model's injected faults.
     *
     * @param error   the fault: none, throttling, unavailable, internal, timeout, model_error, model_not_ready,
     *                access_denied, not_found or outage
     * @param rate    share of calls that fail, 0 to 1
     * @param latency added to every call
     */
    public record FaultSettings(
            @DefaultValue("none") String error,
            @DefaultValue("1.0") double rate,
            @DefaultValue("0ms") Duration latency) {
    }

    /** The emulator's settings, with the families of catalog models whose ids do not reveal one. */
    public EmulatorSettings toSettings(Map<String, ModelFamily> modelFamilies) {
        Map<String, FaultPlan> plans = new LinkedHashMap<>();
        faults.forEach((modelId, fault) -> plans.put(modelId, toPlan(modelId, fault)));
        return new EmulatorSettings(host, port, plans, modelFamilies);
    }

    private static FaultPlan toPlan(String modelId, FaultSettings fault) {
        String key = PREFIX + "faults[" + modelId + "]";
        FaultKind kind;
        try {
            kind = FaultKind.parse(fault.error());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key + ".error", fault.error(), e.getMessage());
        }
        if (!(fault.rate() >= 0 && fault.rate() <= 1)) {
            throw new InvalidConfigurationException(key + ".rate", fault.rate(), "must be between 0 and 1");
        }
        if (fault.latency() == null || fault.latency().isNegative()) {
            throw new InvalidConfigurationException(key + ".latency", fault.latency(), "must be zero or more, e.g. 200ms");
        }
        return new FaultPlan(kind, fault.rate(), fault.latency());
    }
}
