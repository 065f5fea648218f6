package dev.bedrockgateway.usage;

import java.util.Objects;

/**
 * Who a spend counter or a budget belongs to: one API key, or one team (which all its keys spend for).
 *
 * @param kind key or team
 * @param id   the key's id or the team's name
 */
public record Payer(Kind kind, String id) {

    /** The two kinds of payer, each with its own budgets. */
    public enum Kind {
        KEY, TEAM
    }

    public Payer {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(id);
    }

    public static Payer key(String id) {
        return new Payer(Kind.KEY, id);
    }

    public static Payer team(String name) {
        return new Payer(Kind.TEAM, name);
    }

    /** Whether a ledger row was charged to this payer. */
    boolean paid(LedgerRow row) {
        return id.equals(kind == Kind.KEY ? row.keyId() : row.team());
    }
}
