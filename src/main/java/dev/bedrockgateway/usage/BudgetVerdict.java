package dev.bedrockgateway.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a key may still spend, given its budgets, its team's and what both have spent: go on, go on by the cheaper
 * route, or stop until the window that is spent ends.
 *
 * @param decision   what to do
 * @param payer      for a refusal: whose budget is spent (key or team)
 * @param window     for a refusal: which window
 * @param budget     for a refusal: that budget
 * @param retryAfter for a refusal: until that window ends
 */
public record BudgetVerdict(Decision decision, Payer.Kind payer, SpendWindow window, BigDecimal budget,
                            Duration retryAfter) {

    /** What becomes of the request. */
    public enum Decision {
        GO, DOWNGRADE, REFUSE
    }

    /** Go on: no budget is spent, or none can be checked. */
    public static final BudgetVerdict GO = new BudgetVerdict(Decision.GO, null, null, null, null);
    private static final BudgetVerdict DOWNGRADE = new BudgetVerdict(Decision.DOWNGRADE, null, null, null, null);

    /**
     * The verdict. A spent budget refuses until its window ends (the latest end when several are spent, so the
     * caller does not come back to a refusal); a share of one above {@code downgradeShare} downgrades.
     *
     * @param downgradeShare the share of a budget above which requests are downgraded, or null for never
     */
    public static BudgetVerdict of(Budget key, Budget team, Spend spend, Double downgradeShare, Instant now) {
        BudgetVerdict refusal = null;
        boolean downgrade = false;
        for (Payer.Kind payer : Payer.Kind.values()) {
            Budget budget = payer == Payer.Kind.KEY ? key : team;
            for (SpendWindow window : SpendWindow.values()) {
                BigDecimal limit = budget.of(window);
                if (limit == null) {
                    continue;
                }
                BigDecimal spent = spend.of(payer, window);
                if (spent.compareTo(limit) >= 0) {
                    Duration left = Duration.between(now, window.end(now));
                    if (refusal == null || left.compareTo(refusal.retryAfter()) > 0) {
                        refusal = new BudgetVerdict(Decision.REFUSE, payer, window, limit, left);
                    }
                } else if (downgradeShare != null
                        && spent.compareTo(limit.multiply(BigDecimal.valueOf(downgradeShare))) > 0) {
                    downgrade = true;
                }
            }
        }
        return refusal != null ? refusal : downgrade ? DOWNGRADE : GO;
    }

    /** The smallest of what is left of these budgets, or null when there is none. */
    public static BigDecimal remaining(Budget budget, Payer.Kind payer, Spend spend) {
        BigDecimal least = null;
        for (SpendWindow window : SpendWindow.values()) {
            BigDecimal limit = budget.of(window);
            if (limit != null) {
                BigDecimal left = limit.subtract(spend.of(payer, window)).max(BigDecimal.ZERO);
                least = least == null ? left : least.min(left);
            }
        }
        return least;
    }
}
