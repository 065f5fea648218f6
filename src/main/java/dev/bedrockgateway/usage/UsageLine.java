package dev.bedrockgateway.usage;

import java.math.BigDecimal;

/**
 * One group of the usage report: its requests, tokens and cost.
 *
 * @param group the team, key id, model alias or UTC day (yyyy-MM-dd); "none" for requests without one
 */
public record UsageLine(String group, long requests, long inputTokens, long outputTokens, BigDecimal costUsd) {
}
