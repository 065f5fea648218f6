package dev.bedrockgateway.access;

import java.time.Instant;

/**
 * One admin action: who did what to which record when, and the record before and after (JSON, never a secret).
 *
 * @param before the record before the action, or null when it created it
 * @param after  the record after the action, or null when it deleted it
 */
public record AuditRecord(long id, Instant at, String actor, String action, String target, String before,
                          String after) {
}
