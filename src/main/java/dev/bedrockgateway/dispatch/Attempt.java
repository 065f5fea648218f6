package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.resilience.Outcome;

/**
 * One try of one model while serving a request.
 *
 * @param model      the model's alias
 * @param deployment the name of the deployment it was tried at ({@code default} for the gateway's own client), or
 *                   null when the model was skipped without a call
 * @param outcome    how the try ended
 * @param latencyMs  time spent on this try
 * @param detail     why it failed or was skipped, or null when it succeeded
 */
public record Attempt(String model, String deployment, Outcome outcome, long latencyMs, String detail) {
}
