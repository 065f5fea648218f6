package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.KeyAuthenticator;
import dev.bedrockgateway.access.Limits;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.usage.GroupBy;
import dev.bedrockgateway.usage.Ledger;
import dev.bedrockgateway.usage.Spend;
import dev.bedrockgateway.usage.SpendCounters;
import dev.bedrockgateway.usage.SpendWindow;
import dev.bedrockgateway.usage.UsageLine;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/usage}: the calling key's spend today and this month, its and its team's budgets and what is left of
 * them, and its limits, from the same counters budgets are enforced by. {@code GET /admin/v1/usage}: spend for chargeback from the ledger, grouped by team, key, model or UTC day, as JSON
 * or CSV ({@link AdminGate} lets only the admin key in). Rows still in the ledger's buffer (at most its flush
 * interval old) are not in it yet.
 */
@RestController
public class UsageController {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final Set<String> PARAMETERS = Set.of("group_by", "from", "to", "format");
    private static final Duration RETRY_WHEN_DOWN = Duration.ofSeconds(1);
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final Ledger ledger;
    private final SpendCounters counters;
    private final KeyAuthenticator keys;
    private final Clock clock;

    public UsageController(Ledger ledger, SpendCounters counters, KeyAuthenticator keys) {
        this.ledger = ledger;
        this.counters = counters;
        this.keys = keys;
        this.clock = Clock.systemUTC();
    }

    /** The caller's own usage; it needs the caller's API key, whatever {@code gateway.auth.mode} is. */
    @GetMapping("/v1/usage")
    public Mono<ResponseEntity<byte[]>> mine(ServerHttpRequest request) {
        return keys.authenticate(request)
                .flatMap(key -> keys.team(key).zipWith(counters.spend(key.id(), key.team())
                                .onErrorMap(failure -> !(failure instanceof GatewayException), UsageController::unread),
                        (team, spend) -> Mine.of(key, team, spend, clock.instant())))
                .map(mine -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(JSON.writeValueAsBytes(mine)));
    }

    /** The spend counters cannot be read (Redis down, or PostgreSQL while a counter is rebuilt): not a 500. */
    private static GatewayException unread(Throwable failure) {
        return new GatewayException(ErrorKind.USAGE_UNAVAILABLE, "Your spend cannot be read now (its store does not "
                + "answer: " + failure.getClass().getSimpleName() + "); try again shortly", RETRY_WHEN_DOWN, failure);
    }

    @GetMapping("/admin/v1/usage")
    public Mono<ResponseEntity<byte[]>> usage(@RequestParam MultiValueMap<String, String> parameters) {
        return Mono.fromSupplier(() -> Report.of(parameters, clock.instant()))
                .flatMap(report -> Mono.fromCallable(() -> ledger.store().usage(report.groupBy(), report.from(),
                                report.to()))
                        .subscribeOn(Schedulers.boundedElastic())
                        .map(lines -> report.csv() ? csv(report, lines) : json(report, lines)));
    }

    /** What was asked: the grouping, the time range [from, to), the format. */
    record Report(GroupBy groupBy, Instant from, Instant to, boolean csv) {

        static Report of(MultiValueMap<String, String> parameters, Instant now) {
            for (String name : parameters.keySet()) {
                if (!PARAMETERS.contains(name)) {
                    throw GatewayException.invalid(name, "Unknown parameter '" + name + "'; known: group_by, "
                            + "from, to, format");
                }
            }
            GroupBy groupBy = groupBy(parameters.getFirst("group_by"));
            Instant from = instant("from", parameters.getFirst("from"), false);
            Instant to = instant("to", parameters.getFirst("to"), true);
            from = from == null ? LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant() : from;
            to = to == null ? now.plusSeconds(1) : to;
            if (!from.isBefore(to)) {
                throw GatewayException.invalid("from", "'from' (" + from + ") must be before 'to' (" + to + ")");
            }
            String format = parameters.getFirst("format");
            if (format != null && !format.equals("json") && !format.equals("csv")) {
                throw GatewayException.invalid("format", "'format' is json or csv, not '" + format + "'");
            }
            return new Report(groupBy, from, to, "csv".equals(format));
        }

        private static GroupBy groupBy(String value) {
            if (value == null) {
                return GroupBy.TEAM;
            }
            try {
                return GroupBy.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw GatewayException.invalid("group_by", "'group_by' is one of team, key, model, day, not '"
                        + value + "'");
            }
        }

        /** A UTC date (a whole day: from its start, or to its end) or an instant; null when absent. */
        private static Instant instant(String name, String value, boolean end) {
            if (value == null || value.isEmpty()) {
                return null;
            }
            try {
                if (value.length() == "yyyy-MM-dd".length()) {
                    LocalDate day = LocalDate.parse(value);
                    return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return Instant.parse(value);
            } catch (DateTimeParseException bad) {
                throw GatewayException.invalid(name, "'" + name + "' is a UTC date (2026-12-01) or an instant "
                        + "(2026-12-01T09:30:00Z), not '" + value + "'");
            }
        }
    }

    private static ResponseEntity<byte[]> json(Report report, List<UsageLine> lines) {
        List<Line> data = lines.stream().map(line -> new Line(report.groupBy(), line)).toList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsBytes(
                new Answer(report.groupBy().wireName(), report.from().toString(), report.to().toString(), data)));
    }

    private static ResponseEntity<byte[]> csv(Report report, List<UsageLine> lines) {
        StringBuilder csv = new StringBuilder(report.groupBy().wireName())
                .append(",requests,input_tokens,output_tokens,cost_usd\r\n");
        for (UsageLine line : lines) {
            csv.append(csvField(line.group())).append(',').append(line.requests()).append(',')
                    .append(line.inputTokens()).append(',').append(line.outputTokens()).append(',')
                    .append(line.costUsd().stripTrailingZeros().toPlainString()).append("\r\n");
        }
        return ResponseEntity.ok().contentType(CSV).header("Content-Disposition",
                "attachment; filename=\"usage-by-" + report.groupBy().wireName() + ".csv\"")
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String csvField(String value) {
        boolean quoted = Arrays.stream(new String[] {",", "\"", "\r", "\n"}).anyMatch(value::contains);
        return quoted ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** A key's own usage; a budget or limit that is not set is null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Mine(String keyId, String prefix, String name, String team, Payer<Spent> spend, Payer<Left> budgets,
                Payer<Rates> limits, String dayEndsAt, String monthEndsAt) {

        static Mine of(AccessKey key, Team team, Spend spend, Instant now) {
            return new Mine(key.id(), key.prefix(), key.name(), key.team(),
                    new Payer<>(new Spent(spend.keyToday(), spend.keyThisMonth()),
                            new Spent(spend.teamToday(), spend.teamThisMonth())),
                    new Payer<>(Left.of(key.limits(), spend.keyToday(), spend.keyThisMonth()),
                            Left.of(team.limits(), spend.teamToday(), spend.teamThisMonth())),
                    new Payer<>(Rates.of(key.limits()), Rates.of(team.limits())),
                    SpendWindow.DAY.end(now).toString(), SpendWindow.MONTH.end(now).toString());
        }
    }

    /** The same figure for the key and for its team. */
    record Payer<T>(T key, T team) {
    }

    record Spent(BigDecimal todayUsd, BigDecimal thisMonthUsd) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Left(BigDecimal dailyUsd, BigDecimal monthlyUsd, BigDecimal remainingTodayUsd,
                BigDecimal remainingThisMonthUsd) {

        static Left of(Limits limits, BigDecimal today, BigDecimal thisMonth) {
            return new Left(limits.dailyBudgetUsd(), limits.monthlyBudgetUsd(),
                    remaining(limits.dailyBudgetUsd(), today), remaining(limits.monthlyBudgetUsd(), thisMonth));
        }

        private static BigDecimal remaining(BigDecimal budget, BigDecimal spent) {
            return budget == null ? null : budget.subtract(spent).max(BigDecimal.ZERO).stripTrailingZeros();
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Rates(Integer requestsPerMinute, Integer tokensPerMinute, Integer streamsAtOnce) {
        static Rates of(Limits limits) {
            return new Rates(limits.requestsPerMinute(), limits.tokensPerMinute(), limits.streamsAtOnce());
        }
    }

    record Answer(String groupBy, String from, String to, List<Line> data) {
    }

    /** One group; the group's name is written under the grouping's own name (team, key, model, day). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String team, String key, String model, String day, long requests, long inputTokens,
                long outputTokens, BigDecimal costUsd) {

        Line(GroupBy groupBy, UsageLine line) {
            this(groupBy == GroupBy.TEAM ? line.group() : null, groupBy == GroupBy.KEY ? line.group() : null,
                    groupBy == GroupBy.MODEL ? line.group() : null, groupBy == GroupBy.DAY ? line.group() : null,
                    line.requests(), line.inputTokens(), line.outputTokens(),
                    line.costUsd().stripTrailingZeros());
        }
    }
}
