package dev.bedrockgateway.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request as the spend ledger keeps it: who made it, what answered it, what it used and cost, how it ended.
 *
 * @param id             the row's own id: a retried batch writes each row at most once, whatever the request id
 *                       (a caller may send the same X-Request-Id twice)
 * @param requestId      the request's id, as sent in X-Request-Id
 * @param at             when the request ended and was charged
 * @param keyId          the API key's id, or null when keys are off or none was known
 * @param team           the key's team, or null likewise
 * @param model          the catalog alias of the model that answered (or was tried last), or null
 * @param bedrockModelId that model's Bedrock id, or null
 * @param route          the route followed, or null
 * @param deployment     the deployment that answered, or null
 * @param inputTokens    input tokens billed (a cancelled stream's are estimated)
 * @param outputTokens   output tokens billed (a cancelled stream's: what was streamed, estimated)
 * @param costUsd        what the request cost
 * @param status         ok, cancelled, or the code of the failure (budget_exceeded, upstream_error, ...)
 * @param latencyMs      the whole request, as its caller waited for it
 */
public record LedgerRow(UUID id, String requestId, Instant at, String keyId, String team, String model,
                        String bedrockModelId, String route, String deployment, int inputTokens, int outputTokens,
                        BigDecimal costUsd, String status, long latencyMs) {

    /** A row with a new id; random without a lock (UUID.randomUUID would share one SecureRandom among threads). */
    public static LedgerRow of(String requestId, Instant at, String keyId, String team, String model,
                               String bedrockModelId, String route, String deployment, int inputTokens,
                               int outputTokens, BigDecimal costUsd, String status, long latencyMs) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new LedgerRow(new UUID(random.nextLong(), random.nextLong()), requestId, at, keyId, team, model,
                bedrockModelId, route, deployment, inputTokens, outputTokens, costUsd, status, latencyMs);
    }
}
