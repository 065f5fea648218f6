package dev.bedrockgateway.usage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code gateway.budgets.*}: what happens to a key or team close to its budget. Over it, requests are refused (429
 * {@code budget_exceeded}); with a downgrade rule, above a share of it they are sent to a cheaper route first.
 */
@ConfigurationProperties("gateway.budgets")
public record BudgetSettings(@DefaultValue Downgrade downgrade) {

    /**
     * @param aboveShare above this share of any of its budgets (0.8: 80%), a key's requests go to {@code route};
     *                   unset: no downgrade
     * @param route      the cheaper route they go to
     */
    public record Downgrade(Double aboveShare, String route) {

        public Downgrade {
            if (aboveShare != null && (aboveShare <= 0 || aboveShare >= 1)) {
                throw new IllegalArgumentException("gateway.budgets.downgrade.above-share must be between 0 and 1 "
                        + "(a share of the budget), but is " + aboveShare);
            }
            if ((aboveShare == null) != (route == null || route.isBlank())) {
                throw new IllegalArgumentException("gateway.budgets.downgrade.above-share and "
                        + "gateway.budgets.downgrade.route are set together or not at all, but only "
                        + (aboveShare == null ? "route" : "above-share") + " is set");
            }
        }

        public boolean enabled() {
            return aboveShare != null;
        }
    }
}
