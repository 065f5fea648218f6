package dev.bedrockgateway.telemetry;

/**
 * One try of a request at a model's deployment, as the tries meter counts it.
 *
 * @param model      the alias of the model tried
 * @param deployment the deployment it was tried at; "none" when it was skipped without a call
 * @param outcome    how the try ended (ok, throttled, circuit_open, ...)
 */
public record Try(String model, String deployment, String outcome) {
}
