package dev.bedrockgateway.telemetry;

/**
 * One move of a request from a model to the next, as the fallback meter counts it.
 *
 * @param from   the alias of the model that did not answer
 * @param to     the alias of the model tried next
 * @param reason how the try of {@code from} ended (throttled, timeout, ...)
 */
public record Fallback(String from, String to, String reason) {
}
