package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.DispatchFailure;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.telemetry.Cost;
import dev.bedrockgateway.usage.Budget;
import dev.bedrockgateway.usage.BudgetVerdict;
import dev.bedrockgateway.usage.Ledger;
import dev.bedrockgateway.usage.LedgerRow;
import dev.bedrockgateway.usage.Payer;
import dev.bedrockgateway.usage.QuietLog;
import dev.bedrockgateway.usage.Spend;
import dev.bedrockgateway.usage.SpendCounters;
import dev.bedrockgateway.usage.UsageMetrics;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Records every request in the spend ledger once its cost is known, and charges that cost to the caller's key and
 * team: one ledger row per request (answered, streamed, refused or failed), put in the ledger's buffer and written
 * behind the request, so nothing here waits on a database. A stream is charged when it closes: by its end event's
 * usage, or, cancelled or failed before it, by what was streamed ({@link RequestEvent.StreamClosed#used}).
 */
final class LedgerPolicy implements RequestPolicy {

    private static final QuietLog chargeFailures = new QuietLog(LoggerFactory.getLogger(LedgerPolicy.class));
    private static final String OK = "ok";

    private final Ledger ledger;
    private final SpendCounters counters;
    private final UsageMetrics metrics;
    private final Clock clock;

    LedgerPolicy(Ledger ledger, SpendCounters counters, UsageMetrics metrics, Clock clock) {
        this.ledger = ledger;
        this.counters = counters;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void observe(PolicyCall<?> call, RequestEvent event) {
        if (event instanceof RequestEvent.Answered answered) {
            ServedRequest served = answered.served();
            record(call, served.dispatch().model(), served.dispatch().decision(), served.dispatch().attempts(),
                    served.dispatch().result().usage(), served.cost(), OK, served.totalNanos());
        } else if (event instanceof RequestEvent.Embedded embedded) {
            ServedEmbeddings served = embedded.served();
            record(call, served.dispatch().model(), served.dispatch().decision(), served.dispatch().attempts(),
                    served.dispatch().result().usage(), served.cost(), OK, served.totalNanos());
        } else if (event instanceof RequestEvent.StreamClosed closed) {
            ServedStream stream = closed.stream();
            Usage usage = closed.used();
            record(call, stream.dispatch().model(), stream.dispatch().decision(), stream.dispatch().attempts(), usage,
                    ServedRequest.written(Cost.of(stream.dispatch().model(), usage)), closed.outcome(),
                    closed.totalNanos());
        } else if (event instanceof RequestEvent.Failed failed) {
            String route = failed.failure() instanceof DispatchFailure dispatch ? dispatch.route() : null;
            List<Attempt> attempts = failed.failure() instanceof DispatchFailure dispatch ? dispatch.attempts()
                    : List.of();
            row(call, failed.lastTried(), route, AccessLog.lastDeployment(attempts), Usage.NONE, BigDecimal.ZERO,
                    failed.failure().kind().code(), failed.totalNanos());
        }
    }

    private void record(PolicyCall<?> call, ModelSpec model, RouteDecision decision, List<Attempt> attempts,
                        Usage usage, BigDecimal cost, String status, long totalNanos) {
        row(call, model, decision.route(), AccessLog.lastDeployment(attempts), usage, cost, status, totalNanos);
    }

    private void row(PolicyCall<?> call, ModelSpec model, String route, String deployment, Usage usage,
                     BigDecimal cost, String status, long totalNanos) {
        AccessKey key = IdentityPolicy.caller(call.exchange());
        String team = key == null ? null : key.team();
        ledger.record(LedgerRow.of(call.context().requestId(), clock.instant(), key == null ? null : key.id(), team,
                model == null ? null : model.alias(), model == null ? null : model.id(), route, deployment,
                usage.inputTokens(), usage.outputTokens(), cost, status,
                TimeUnit.NANOSECONDS.toMillis(totalNanos)));
        if (cost.signum() > 0) {
            metrics.spent(team, cost.doubleValue());
            if (key != null) {
                // After the row is in the ledger's buffer, so that a counter rebuilt meanwhile counts it.
                Team payer = IdentityPolicy.team(call.exchange());
                counters.charge(key.id(), team, cost).subscribe(spend -> remaining(payer, spend),
                        error -> chargeFailures.warn("Could not charge key {}'s spend counters (its ledger row is "
                                + "kept): {}", key.id(), error.toString()));
            }
        }
    }

    /** What is left of the team's tighter budget, for its meter. */
    private void remaining(Team team, Spend spend) {
        if (team != null) {
            BigDecimal left = BudgetVerdict.remaining(Budget.of(team.limits()), Payer.Kind.TEAM, spend);
            if (left != null) {
                metrics.remaining(team.name(), left);
            }
        }
    }
}
