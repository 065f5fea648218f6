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
 *       "[meta.llama3-8b-instruct-v1:0]": {time-to-first-token: 300ms, tokens-per-second: 20}
 *       "[mistral.mistral-large-2402-v1:0]": {error: model_stream_error, fail-after-chunks: 5}
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
     * @param error             the fault: none, throttling, unavailable, internal, timeout, model_error, model_stream_error,
     *                          model_not_ready, access_denied, not_found or outage
     * @param rate              share of calls that fail, 0 to 1
     * @param latency           added to every call
     * @param timeToFirstToken  streaming calls: wait before the first event
     * @param tokensPerSecond   streaming calls: rate of text events after the first; 0 means as fast as possible
     * @param failAfterChunks   streaming calls: send this many events, then the error as an exception frame
     *                          (absent: the error is an HTTP error before the stream starts)
     */
    public record FaultSettings(
            @DefaultValue("none") String error,
            @DefaultValue("1.0") double rate,
            @DefaultValue("0ms") Duration latency,
            @DefaultValue("0ms") Duration timeToFirstToken,
            @DefaultValue("0") double tokensPerSecond,
            Integer failAfterChunks) {
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
        if (fault.timeToFirstToken() == null || fault.timeToFirstToken().isNegative()) {
            throw new InvalidConfigurationException(key + ".time-to-first-token", fault.timeToFirstToken(), "must be zero or more, e.g. 300ms");
        }
        if (!(fault.tokensPerSecond() >= 0 && Double.isFinite(fault.tokensPerSecond()))) {
            throw new InvalidConfigurationException(key + ".tokens-per-second", fault.tokensPerSecond(), "must be 0 (as fast as possible) or more");
        }
        try {
            return new FaultPlan(kind, fault.rate(), fault.latency(), fault.timeToFirstToken(), fault.tokensPerSecond(),
                    fault.failAfterChunks());
        } catch (IllegalArgumentException e) {
            // only fail-after-chunks is left unchecked above: negative, or set without an error
            throw new InvalidConfigurationException(key + ".fail-after-chunks", fault.failAfterChunks(), e.getMessage());
        }
    }
}
