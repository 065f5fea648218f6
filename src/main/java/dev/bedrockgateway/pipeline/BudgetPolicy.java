package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.usage.Budget;
import dev.bedrockgateway.usage.BudgetSettings;
import dev.bedrockgateway.usage.BudgetVerdict;
import dev.bedrockgateway.usage.Payer;
import dev.bedrockgateway.usage.QuietLog;
import dev.bedrockgateway.usage.SpendCounters;
import dev.bedrockgateway.usage.SpendWindow;
import java.math.BigDecimal;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * After the limits: whether the caller's key and team may still spend (the spend is read from when the caller is
 * known, {@link #startReading}). A key or team that has spent its daily or monthly budget gets 429
 * {@code budget_exceeded}, with Retry-After until the window ends; with a downgrade rule, one above its share of a
 * budget has its generation requests sent to the cheaper route instead. Spend is what the
 * ledger step charged so far, so the request that crosses a budget is served, and the next one refused. When the
 * spend cannot be read (Redis or, to rebuild it, PostgreSQL down) the request goes on: budgets fail open, and say
 * so in the log.
 */
final class BudgetPolicy implements RequestPolicy {

    private static final String VERDICT = BudgetPolicy.class.getName() + ".verdict";
    private static final QuietLog unreadable = new QuietLog(LoggerFactory.getLogger(BudgetPolicy.class));

    private final SpendCounters counters;
    private final BudgetSettings.Downgrade downgrade;
    private final Clock clock;

    BudgetPolicy(SpendCounters counters, BudgetSettings.Downgrade downgrade, Clock clock) {
        this.counters = counters;
        this.downgrade = downgrade;
        this.clock = clock;
    }

    /**
     * Starts reading the caller's spend as soon as the caller is known, before the limits are taken: the read and the
     * limits' script then share one round trip to Redis, and the verdict is ready, or nearly, when this step runs.
     * What the read answers is kept for {@link #apply}; a request the limits refuse leaves it unused.
     */
    void startReading(PolicyCall<?> call) {
        Mono<BudgetVerdict> verdict = verdict(call);
        if (verdict != null) {
            Mono<BudgetVerdict> reading = verdict.cache();
            reading.subscribe();
            call.exchange().getAttributes().put(VERDICT, reading);
        }
    }

    @Override
    public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
        Mono<BudgetVerdict> started = call.exchange().getAttribute(VERDICT);
        Mono<BudgetVerdict> verdict = started != null ? started : verdict(call);
        if (verdict == null) {
            return chain.next(call);
        }
        AccessKey key = IdentityPolicy.caller(call.exchange());
        return RequestLoop.resumed(call.exchange(), verdict)
                .flatMap(decided -> switch (decided.decision()) {
                    case GO -> chain.next(call);
                    case DOWNGRADE -> chain.next(call.rewrite(GenerationRequest.class, this::downgraded));
                    case REFUSE -> Mono.error(refusal(key, decided));
                });
    }

    /** The caller's verdict, read from its spend; null when the caller has no budget (or keys are off). */
    private Mono<BudgetVerdict> verdict(PolicyCall<?> call) {
        AccessKey key = IdentityPolicy.caller(call.exchange());
        Team team = IdentityPolicy.team(call.exchange());
        if (key == null || team == null) {
            return null;
        }
        Budget keyBudget = Budget.of(key.limits());
        Budget teamBudget = Budget.of(team.limits());
        return keyBudget.any() || teamBudget.any() ? verdict(key, keyBudget, teamBudget) : null;
    }

    private Mono<BudgetVerdict> verdict(AccessKey key, Budget keyBudget, Budget teamBudget) {
        return counters.spend(key.id(), key.team())
                .map(spend -> BudgetVerdict.of(keyBudget, teamBudget, spend,
                        downgrade.enabled() ? downgrade.aboveShare() : null, clock.instant()))
                .onErrorResume(error -> {
                    unreadable.warn("Could not read key {}'s spend, so its budgets are not enforced for now: {}",
                            key.id(), error.toString());
                    return Mono.just(BudgetVerdict.GO);
                });
    }

    /** The request sent to the downgrade route, naming no model, so that the route alone decides. */
    private GenerationRequest downgraded(GenerationRequest request) {
        return new GenerationRequest(request.task(), request.system(), request.messages(), request.parameters(),
                request.image(), request.providerOptions(), null, downgrade.route(), request.metadata(),
                request.tools(), request.toolChoice());
    }

    private GatewayException refusal(AccessKey key, BudgetVerdict verdict) {
        String payer = verdict.payer() == Payer.Kind.KEY ? "API key " + key.prefix() + "…"
                : "Team '" + key.team() + "'";
        String window = verdict.window() == SpendWindow.DAY ? "daily" : "monthly";
        return new GatewayException(ErrorKind.BUDGET_EXCEEDED, payer + " has spent its " + window + " budget of $"
                + plain(verdict.budget()) + "; it starts again at " + verdict.window().end(clock.instant()) + " (UTC)",
                verdict.retryAfter(), null);
    }

    private static String plain(BigDecimal usd) {
        return usd.stripTrailingZeros().toPlainString();
    }
}
