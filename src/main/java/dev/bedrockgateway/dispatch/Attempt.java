package dev.bedrockgateway.dispatch;

/**
 * One try of one model while serving a request.
 *
 * @param model     the model's alias
 * @param outcome   ok, throttled, timeout, upstream_error, not_found, rejected, or skipped
 * @param latencyMs time spent on this try
 * @param detail    why it failed or was skipped, or null when it succeeded
 */
public record Attempt(String model, String outcome, long latencyMs, String detail) {

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
}
