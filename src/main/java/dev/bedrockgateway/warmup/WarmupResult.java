package dev.bedrockgateway.warmup;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a warm-up did; published as an application event once it has finished, before the gateway is ready.
 *
 * @param target     the gateway's own address the requests went to
 * @param requests   requests sent
 * @param modelCalls of those, requests whose answer called the model backend
 * @param failed     requests that did not get their expected status
 * @param unexpected the first few of those that did not get their expected status, and why
 * @param took       from the first request to the last answer
 */
public record WarmupResult(URI target, int requests, int modelCalls, int failed, List<String> unexpected, Duration took) {

    public WarmupResult {
        unexpected = List.copyOf(unexpected);
    }
}
