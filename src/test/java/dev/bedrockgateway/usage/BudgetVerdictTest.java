package dev.bedrockgateway.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Over a budget: refused until its window ends; above the downgrade share: the cheaper route. */
class BudgetVerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-05T22:00:00Z");

    @Test
    void aSpentBudgetRefusesUntilItsWindowEnds() {
        BudgetVerdict daily = BudgetVerdict.of(new Budget(usd("0.01"), null), Budget.NONE,
                spend("0.01", "0.01", "0", "0"), null, NOW);
        assertThat(daily.decision()).isEqualTo(BudgetVerdict.Decision.REFUSE);
        assertThat(daily.payer()).isEqualTo(Payer.Kind.KEY);
        assertThat(daily.retryAfter()).isEqualTo(Duration.ofHours(2));

        BudgetVerdict monthly = BudgetVerdict.of(Budget.NONE, new Budget(usd("5"), usd("10")),
                spend("0", "0", "5", "10"), null, NOW);
        assertThat(monthly.payer()).isEqualTo(Payer.Kind.TEAM);
        assertThat(monthly.window()).as("the later of the two ends").isEqualTo(SpendWindow.MONTH);
        assertThat(monthly.retryAfter()).isEqualTo(Duration.between(NOW, Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void aboveTheShareGoesCheaperAndBelowItGoesOn() {
        Budget key = new Budget(null, usd("10"));
        assertThat(BudgetVerdict.of(key, Budget.NONE, spend("0", "8.01", "0", "0"), 0.8, NOW).decision())
                .isEqualTo(BudgetVerdict.Decision.DOWNGRADE);
        assertThat(BudgetVerdict.of(key, Budget.NONE, spend("0", "7.99", "0", "0"), 0.8, NOW).decision())
                .isEqualTo(BudgetVerdict.Decision.GO);
        assertThat(BudgetVerdict.of(key, Budget.NONE, spend("0", "9.99", "0", "0"), null, NOW).decision())
                .as("no downgrade rule").isEqualTo(BudgetVerdict.Decision.GO);
        assertThat(BudgetVerdict.remaining(key, Payer.Kind.KEY, spend("0", "7.5", "0", "0")))
                .isEqualByComparingTo("2.5");
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    private static Spend spend(String keyDay, String keyMonth, String teamDay, String teamMonth) {
        return new Spend(usd(keyDay), usd(keyMonth), usd(teamDay), usd(teamMonth));
    }
}
