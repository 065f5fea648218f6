package dev.bedrockgateway.usage;

import java.math.BigDecimal;

/** What a key and its team have spent in the current UTC day and month, in USD. */
public record Spend(BigDecimal keyToday, BigDecimal keyThisMonth, BigDecimal teamToday, BigDecimal teamThisMonth) {

    /** What one payer spent in one window. */
    public BigDecimal of(Payer.Kind payer, SpendWindow window) {
        if (payer == Payer.Kind.KEY) {
            return window == SpendWindow.DAY ? keyToday : keyThisMonth;
        }
        return window == SpendWindow.DAY ? teamToday : teamThisMonth;
    }
}
