package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.access.KeyAuthenticator;
import dev.bedrockgateway.limits.Limiter;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import dev.bedrockgateway.usage.BudgetSettings;
import dev.bedrockgateway.usage.Ledger;
import dev.bedrockgateway.usage.SpendCounters;
import dev.bedrockgateway.usage.UsageMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one place the order of the request policies is written (DESIGN §1). */
@Configuration(proxyBeanMethods = false)
public class RequestPolicyOrder {

    /**
     * The chain, first step first. Steps that may refuse a request come before the steps that spend on it, cheapest
     * check first, so a refused request costs nothing further; the post-steps come last so that they see, and
     * observe in this order, whatever the earlier steps answered or refused. Each policy's {@code apply} runs in this
     * order before the dispatch and its answer travels back through them in reverse; {@code observe} runs in this
     * order.
     * <ol>
     *   <li>identity ({@link IdentityPolicy}, mode keys only): who is calling; every later step is per caller, and an
     *       unknown caller is refused before anything is counted against anyone.</li>
     *   <li>limits ({@link LimitsPolicy}, mode keys only): the caller's request and token rates and open streams, per
     *       key, per team and per key and model; right after identity because they are per caller and cheap (one
     *       Redis round trip, or memory), and before everything that spends on the request, so a caller over its
     *       limit costs nothing further. Its tokens settle from the answer's usage, which it observes.</li>
     *   <li>budget ({@link BudgetPolicy}, mode keys only): whether the caller's key and team may still spend, or
     *       should spend less (the downgrade route); after limits, so that a caller over its limits is refused as
     *       such. Its spend read starts once identity knows the caller, alongside the limits' script, so both
     *       share one round trip; a flood the limits refuse costs one cheap read each.</li>
     *   <li>guardrails (next): the request's content, before any model sees it or the cache answers it.</li>
     *   <li>cache (next): answers a request seen before without dispatching it; after guardrails, so a refused
     *       prompt is never answered from the cache, and before cost, so a cached answer is not priced again.</li>
     *   <li>cost: prices the answer on its way back, before anything records it.</li>
     *   <li>ledger ({@link LedgerPolicy}): one ledger row per request, with its priced cost, charged to the caller's
     *       key and team; after cost, which it records, and before the meters and the access log, which it does not
     *       need.</li>
     *   <li>metrics, then the access log: the access log's line is the request's last record, and marks it so the
     *       error handler does not write a second one.</li>
     * </ol>
     * Spans are not a step here: one span per upstream call is opened by the dispatcher around each try
     * ({@link dev.bedrockgateway.telemetry.GenAiObservations}), and the route decision's span around routing.
     */
    @Bean
    RequestPolicies requestPolicies(GatewayMetrics metrics, AccessLog accessLog, KeyAuthenticator keys,
                                    ActiveRouteTable tables, Limiter limiter, Ledger ledger, SpendCounters spend,
                                    UsageMetrics usageMetrics, BudgetSettings budgets) {
        List<RequestPolicy> chain = new ArrayList<>();
        if (keys.required()) {
            // Mode none: no step at all, so nothing about a request changes.
            BudgetPolicy budget = new BudgetPolicy(spend, downgrade(budgets, tables), Clock.systemUTC());
            // The budget's spend is read as soon as the caller is known, alongside the limits' script: one round
            // trip to Redis before the dispatch, not two. The budget still decides after the limits.
            chain.add(new IdentityPolicy(keys, tables, budget::startReading));
            chain.add(new LimitsPolicy(limiter, tables, metrics));
            chain.add(budget);
        }
        chain.add(new CostPolicy());
        chain.add(new LedgerPolicy(ledger, spend, usageMetrics, Clock.systemUTC()));
        chain.add(new MetricsPolicy(metrics));
        chain.add(accessLog);
        return new RequestPolicies(chain);
    }

    /** The downgrade rule, whose route must be one of the route table's: a typo would refuse every downgraded call. */
    private static BudgetSettings.Downgrade downgrade(BudgetSettings budgets, ActiveRouteTable tables) {
        BudgetSettings.Downgrade downgrade = budgets.downgrade();
        if (downgrade.enabled() && !tables.current().routes().containsKey(downgrade.route())) {
            throw new IllegalArgumentException("gateway.budgets.downgrade.route names route '" + downgrade.route()
                    + "', which is not in the route table; routes: " + tables.current().routes().keySet());
        }
        return downgrade;
    }
}
