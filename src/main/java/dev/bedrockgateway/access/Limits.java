package dev.bedrockgateway.access;

import dev.bedrockgateway.core.GatewayException;
import java.math.BigDecimal;

/**
 * What a key or a team may use: request and token rates, streams open at once, and USD budgets. A null field is
 * unlimited. A team's limits are shared by all its keys; a request must stay within both its key's and its team's.
 *
 * @param requestsPerMinute requests admitted per minute
 * @param tokensPerMinute   tokens per minute: input and output, reserved as the request's estimate plus its
 *                          max_tokens when it is admitted, then settled to what it really used
 * @param streamsAtOnce     streamed answers open at the same time
 * @param dailyBudgetUsd    spend per UTC day, in USD
 * @param monthlyBudgetUsd  spend per UTC month, in USD
 */
public record Limits(Integer requestsPerMinute, Integer tokensPerMinute, Integer streamsAtOnce,
                     BigDecimal dailyBudgetUsd, BigDecimal monthlyBudgetUsd) {

    /** No limit at all. */
    public static final Limits NONE = new Limits(null, null, null, null, null);

    /** Budgets are kept as numeric(14, 6): whole dollars up to 10^8, and micro-dollars. */
    private static final BigDecimal MAX_BUDGET = new BigDecimal("100000000");
    private static final int BUDGET_SCALE = 6;

    /**
     * These limits, refused with a 400 naming the field when one is zero, negative or out of range.
     *
     * @throws GatewayException INVALID_REQUEST naming the field
     */
    public Limits checked() {
        positive("requests_per_minute", requestsPerMinute);
        positive("tokens_per_minute", tokensPerMinute);
        positive("streams_at_once", streamsAtOnce);
        budget("daily_budget_usd", dailyBudgetUsd);
        budget("monthly_budget_usd", monthlyBudgetUsd);
        return this;
    }

    /** Whether any rate (requests, tokens or streams) is limited, so the limits step has something to count. */
    public boolean limitsRates() {
        return requestsPerMinute != null || tokensPerMinute != null || streamsAtOnce != null;
    }

    static void positive(String field, Integer value) {
        if (value != null && value <= 0) {
            throw GatewayException.invalid(field, field + " must be a whole number of at least 1 (leave it out, or "
                    + "send null, for no limit), but is " + value);
        }
    }

    private static void budget(String field, BigDecimal value) {
        if (value == null) {
            return;
        }
        if (value.signum() <= 0 || value.compareTo(MAX_BUDGET) >= 0) {
            throw GatewayException.invalid(field, field + " must be more than 0 and less than " + MAX_BUDGET
                    + " USD (leave it out, or send null, for no budget), but is " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > BUDGET_SCALE) {
            throw GatewayException.invalid(field, field + " has more than " + BUDGET_SCALE + " decimal places: "
                    + value.toPlainString());
        }
    }
}
