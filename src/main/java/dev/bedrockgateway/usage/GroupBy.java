package dev.bedrockgateway.usage;

import java.time.ZoneOffset;
import java.util.Locale;

/** How the admin usage report groups the ledger's rows for chargeback. */
public enum GroupBy {
    TEAM, KEY, MODEL, DAY;

    /** As written in {@code group_by}: team, key, model, day. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The group a row falls in; rows with no key or team (keys off) fall in "none". */
    String of(LedgerRow row) {
        String group = switch (this) {
            case TEAM -> row.team();
            case KEY -> row.keyId();
            case MODEL -> row.model();
            case DAY -> row.at().atZone(ZoneOffset.UTC).toLocalDate().toString();
        };
        return group == null ? NONE : group;
    }

    static final String NONE = "none";
}
