package dev.bedrockgateway.warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request of the warm-up (and of the class-data training run, which is the warm-up with model calls) and the
 * status it must get.
 *
 * @param callsModel whether answering it calls the model backend (billed on real Bedrock)
 */
public record WarmupCall(String method, String path, String body, int expectedStatus, boolean callsModel) {

    /** Longest wait for one answer: the emulator answers in milliseconds, a stuck call must not hold start-up. */
    static final Duration ANSWER_TIME_LIMIT = Duration.ofSeconds(10);

    /** Longest wait for a whole answer, a stream's body included. */
    private static final Duration WHOLE_ANSWER_TIME_LIMIT = ANSWER_TIME_LIMIT.multipliedBy(2);

    private static final String JSON = "application/json";

    /**
     * The common requests: both APIs, whole and streamed answers, embeddings, the model list, refusals, and the
     * actuator's health and metrics. The llama3-8b requests come first and most: they are the most common shape.
     */
    public static final List<WarmupCall> COMMON = List.of(
            new WarmupCall("POST", "/v1/generate",
                    "{\"model\":\"llama3-8b\",\"prompt\":\"Say hello.\",\"parameters\":{\"max_tokens\":16}}", 200, true),
            new WarmupCall("POST", "/v1/chat/completions",
                    "{\"model\":\"llama3-8b\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}],"
                            + "\"max_tokens\":16}", 200, true),
            new WarmupCall("POST", "/v1/generate",
                    "{\"model\":\"claude-3-haiku\",\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Hello\"}],\"stream\":true}", 200, true),
            new WarmupCall("POST", "/v1/generate", "{\"model\":\"titan-text-express\",\"prompt\":\"Hello\"}", 200, true),
            new WarmupCall("POST", "/v1/chat/completions",
                    "{\"model\":\"mistral-large\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],"
                            + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}", 200, true),
            new WarmupCall("POST", "/v1/embeddings",
                    "{\"model\":\"titan-embed-text-v2\",\"input\":[\"first\",\"second\"],\"dimensions\":256}", 200, true),
            new WarmupCall("POST", "/v1/generate", "{\"model\":\"no-such-model\",\"prompt\":\"Hello\"}", 404, false),
            new WarmupCall("POST", "/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hello\",\"parameters\":"
                    + "{\"max_tokens\":0}}", 400, false),
            new WarmupCall("POST", "/v1/chat/completions",
                    "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", 404, false),
            new WarmupCall("GET", "/v1/models", null, 200, false),
            // liveness: the whole health answers 503 until the warm-up is over, as readiness does
            new WarmupCall("GET", "/actuator/health/liveness", null, 200, false),
            new WarmupCall("GET", "/actuator/prometheus", null, 200, false));

    /** Sends the request on a kept-alive connection; null when it got the expected status, else what went wrong. */
    public String send(HttpClient http, URI base) {
        return send(http, base, null);
    }

    /** The same, with the API key to send as a bearer token, or null for none. */
    public String send(HttpClient http, URI base, String apiKey) {
        return send(http, base, apiKey, WHOLE_ANSWER_TIME_LIMIT);
    }

    /** The same, waiting at most {@code wholeAnswerLimit} for the whole answer, body included. */
    String send(HttpClient http, URI base, String apiKey, Duration wholeAnswerLimit) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER_TIME_LIMIT);
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", JSON).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        // The request's own time-out ends at the response's head; a streamed body that never ends would hold the
        // start-up for ever (seen once in CI), so the whole answer, body included, is bounded here. The body is kept
        // as it arrives, so an answer cut short by that bound says what it had sent.
        PartialAnswer partial = new PartialAnswer();
        CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(request.build(), partial);
        try {
            answer.get(wholeAnswerLimit.toMillis(), TimeUnit.MILLISECONDS);
            return partial.status() == expectedStatus ? null
                    : String.format("%s answered %d, expected %d: %s", this, partial.status(), expectedStatus,
                            partial.body());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return this + " got no whole answer within " + wholeAnswerLimit.toMillis() + " ms (" + partial + ")";
        } catch (ExecutionException e) {
            return e.getCause() instanceof HttpTimeoutException
                    ? this + " got no answer within " + ANSWER_TIME_LIMIT.toSeconds() + " s"
                    : this + " failed: " + e.getCause();
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return this + " interrupted";
        }
    }

    @Override
    public String toString() {
        return method + " " + path + (body == null ? "" : " " + body);
    }
}
