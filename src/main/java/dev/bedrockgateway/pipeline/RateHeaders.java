package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.limits.Admission;
import dev.bedrockgateway.limits.Measure;
import dev.bedrockgateway.limits.Tally;
import java.math.BigDecimal;
import java.util.Comparator;
import org.springframework.http.HttpHeaders;

/**
 * OpenAI's rate-limit headers on an answer to a keyed caller, so clients written for OpenAI pace themselves the same
 * way here: {@code x-ratelimit-limit-requests}, {@code -remaining-requests}, {@code -reset-requests} and the
 * {@code -tokens} trio. Of the key's, its team's and its per-model limits, each trio tells the one with the least
 * left; a trio is left out when neither the key nor its team limits that measure.
 */
final class RateHeaders {

    private RateHeaders() {
    }

    static void write(HttpHeaders headers, Admission admission) {
        trio(headers, "requests", tightest(admission, Measure.REQUESTS));
        trio(headers, "tokens", tightest(admission, Measure.TOKENS));
    }

    private static Tally tightest(Admission admission, Measure measure) {
        return admission.tallies().stream().filter(tally -> tally.count().measure() == measure)
                .min(Comparator.comparingLong(Tally::remaining)).orElse(null);
    }

    private static void trio(HttpHeaders headers, String measure, Tally tally) {
        if (tally == null) {
            return;
        }
        headers.set("x-ratelimit-limit-" + measure, Long.toString(tally.count().limit()));
        headers.set("x-ratelimit-remaining-" + measure, Long.toString(tally.remaining()));
        headers.set("x-ratelimit-reset-" + measure, duration(tally.resetMillis()));
    }

    /**
     * A time as OpenAI writes its resets, in Go's duration format: {@code 12ms}, {@code 1s}, {@code 59.6s},
     * {@code 6m0s}, {@code 1h0m0s}.
     */
    static String duration(long millis) {
        if (millis <= 0) {
            return "0s";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        String seconds = BigDecimal.valueOf(millis % 60_000, 3).stripTrailingZeros().toPlainString();
        return (hours > 0 ? hours + "h" + minutes + "m" : minutes > 0 ? minutes + "m" : "") + seconds + "s";
    }
}
