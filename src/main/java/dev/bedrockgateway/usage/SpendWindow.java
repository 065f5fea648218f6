package dev.bedrockgateway.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The two windows budgets are counted in: the UTC day and the UTC calendar month. */
public enum SpendWindow {
    DAY, MONTH;

    /** When the window that holds {@code now} began. */
    public Instant start(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        return (this == DAY ? day : day.withDayOfMonth(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When the window that holds {@code now} ends: the next one's start. */
    public Instant end(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        return (this == DAY ? day.plusDays(1) : day.withDayOfMonth(1).plusMonths(1))
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The window's name in counter keys: 2026-12-05 for a day, 2026-12 for a month. */
    String id(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        return this == DAY ? day.toString() : YearMonth.from(day).toString();
    }
}
