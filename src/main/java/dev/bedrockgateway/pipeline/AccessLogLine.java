package dev.bedrockgateway.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One request as the access log writes it: one JSON object per line.
 *
 * @param requestId   the X-Request-Id answered
 * @param traceId     the W3C trace id, when tracing is on
 * @param api         native or openai
 * @param keyId       the id of the caller's API key (never the key), in mode keys once it is known
 * @param team        the team of that key
 * @param route       the route followed, when one was chosen
 * @param model       the catalog alias that answered, or the last one tried
 * @param deployment  the deployment of that model it was called at ({@code default}: the gateway's own client)
 * @param attempts    models tried, skipped ones included
 * @param status      HTTP status answered
 * @param outcome     ok, or the error code answered
 * @param latencyMs   the whole request
 * @param overheadMs  time in the gateway itself, not waiting on Bedrock
 * @param inputTokens tokens read, on success
 * @param outputTokens tokens written, on success
 * @param costUsd     what the answer cost, on success
 * @param prompt      the prompt text, only with gateway.logging.include-content
 * @param answer      the answer text, only with gateway.logging.include-content
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccessLogLine(String requestId, String traceId, String api, String keyId, String team, String route,
                            String model, String deployment, int attempts,
                            int status, String outcome, double latencyMs, Double overheadMs, Integer inputTokens,
                            Integer outputTokens, BigDecimal costUsd, String prompt, String answer) {

    /** This line naming the key that made the request and its team. */
    AccessLogLine by(String keyId, String team) {
        return new AccessLogLine(requestId, traceId, api, keyId, team, route, model, deployment, attempts, status,
                outcome, latencyMs, overheadMs, inputTokens, outputTokens, costUsd, prompt, answer);
    }
}
