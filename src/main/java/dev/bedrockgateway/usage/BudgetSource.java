package dev.bedrockgateway.usage;

import dev.bedrockgateway.access.AccessKey;
import reactor.core.publisher.Mono;

/** The budgets a key spends under: its own, and its team's. */
public interface BudgetSource {

    /** The key's and its team's budgets; {@link Budget#NONE} for a payer without any. */
    Mono<Budgets> of(AccessKey key);

    /** A key's budgets and its team's. */
    record Budgets(Budget key, Budget team) {

        public boolean any() {
            return key.any() || team.any();
        }
    }
}
