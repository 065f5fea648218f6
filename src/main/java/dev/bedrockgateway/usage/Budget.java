package dev.bedrockgateway.usage;

import dev.bedrockgateway.access.Limits;
import java.math.BigDecimal;

/**
 * One payer's budgets in USD; null for a window with no budget.
 *
 * @param daily   most it may spend in a UTC day
 * @param monthly most it may spend in a UTC calendar month
 */
public record Budget(BigDecimal daily, BigDecimal monthly) {

    public static final Budget NONE = new Budget(null, null);

    /** The budgets of a key's or a team's limits. */
    public static Budget of(Limits limits) {
        return new Budget(limits.dailyBudgetUsd(), limits.monthlyBudgetUsd());
    }

    public boolean any() {
        return daily != null || monthly != null;
    }

    /** The budget of one window, or null. */
    public BigDecimal of(SpendWindow window) {
        return window == SpendWindow.DAY ? daily : monthly;
    }
}
