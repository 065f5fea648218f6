package dev.bedrockgateway.anthropic;

import dev.bedrockgateway.core.GatewayException;
import java.util.List;

/**
 * The {@code anthropic-version} header, which Anthropic requires on every request
 * (https://docs.anthropic.com/en/api/versioning). The gateway knows the versions Anthropic has published; 2026-10-21
 * removed the sampling parameters from the Messages API (https://platform.claude.com/docs/en/api/migration-2026-10-21),
 * so under it they are refused as Anthropic refuses them.
 */
public enum AnthropicVersion {
    V2023_01_01("2023-01-01"),
    V2023_06_01("2023-06-01"),
    V2026_10_21("2026-10-21");

    public static final String HEADER = "anthropic-version";

    private final String value;

    AnthropicVersion(String value) {
        this.value = value;
    }

    /** The version a request names; a missing or unknown one is a 400, as Anthropic answers it. */
    public static AnthropicVersion of(String header) {
        if (header == null || header.isBlank()) {
            throw GatewayException.invalid(HEADER, HEADER + ": header is required (for example " + HEADER + ": "
                    + V2023_06_01.value + "); Anthropic's SDKs send it for you");
        }
        for (AnthropicVersion version : values()) {
            if (version.value.equals(header.strip())) {
                return version;
            }
        }
        throw GatewayException.invalid(HEADER, HEADER + ": '" + header.strip() + "' is not a known API version; use one"
                + " of " + List.of(values()).stream().map(version -> version.value).toList());
    }

    /** The header's value. */
    public String value() {
        return value;
    }

    /** Whether temperature, top_p and top_k are gone from the Messages API in this version. */
    boolean samplingRemoved() {
        return this == V2026_10_21;
    }
}
