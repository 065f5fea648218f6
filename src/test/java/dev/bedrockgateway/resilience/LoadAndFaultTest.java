package dev.bedrockgateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bedrockgateway.GatewayHttpTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Load and faults from outside, over real HTTP against the emulator, at small scale: the guards must never take a
 * healthy model out of service, and a caller that goes away must free what its call held at once. Each test fails
 * on the guards as they were before (bulkhead inside the breaker, throttling counted, cancels lost in setup).
 *
 * <p>The breakers here judge over few calls (window 10, 5 calls at least), so a handful of miscounted calls opens a
 * circuit, as the probe's tens of overflows did with the defaults.
 */
@TestPropertySource(properties = {
        "gateway.resilience.defaults.sliding-window-size=10",
        "gateway.resilience.defaults.minimum-calls=5",
        // llama3-8b refuses overflow at once; mistral-large lets it wait for a permit.
        "gateway.resilience.models.llama3-8b.max-concurrent-calls=4",
        "gateway.resilience.models.llama3-8b.bulkhead-wait=0s",
        "gateway.resilience.models.mistral-large.max-concurrent-calls=4",
        "gateway.resilience.models.mistral-large.bulkhead-wait=10s",
        "gateway.routes.throttled-first.targets=llama3-70b,mistral-large"
})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadAndFaultTest extends GatewayHttpTest {

    @Autowired
    private MeterRegistry meters;

    private static final String LLAMA_8B = "meta.llama3-8b-instruct-v1:0";
    private static final String LLAMA_70B = "meta.llama3-70b-instruct-v1:0";
    private static final String MISTRAL_LARGE = "mistral.mistral-large-2402-v1:0";
    /** The chat models a client may stream from; each streams through its own family's adapter. */
    private static final List<String> CHAT_MODELS = List.of("llama3-8b", "llama3-70b", "mistral-large", "command-r",
            "command-r-plus", "claude-3-haiku", "claude-3-sonnet", "claude-3-opus", "titan-text-express");
    /** Many connections at once: the JDK client opens one per request in flight. */
    private static final HttpClient LOAD = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void overflowOfTheBulkheadIsRefusedWithRetryAfterAndNeverOpensTheCircuit() throws Exception {
        pace(LLAMA_8B, "{\"latency_ms\":300}");

        List<Answer> answers = concurrently(24, i -> "{\"model\":\"llama3-8b\",\"prompt\":\"Hello\"}");

        List<String> outcomes = answers.stream().map(answer -> answer.status() == 200 ? "200"
                : answer.status() + " " + answer.json().get("code").asString() + " Retry-After "
                        + answer.header("Retry-After")).toList();
        assertThat(outcomes).isSubsetOf("200", "503 bulkhead_full Retry-After 1")
                .contains("503 bulkhead_full Retry-After 1");
        // At least the permits' worth are served (less any a dropped stream of another test may still hold).
        assertThat(outcomes.stream().filter("200"::equals)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(breaker("llama3-8b").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker("llama3-8b").getMetrics().getNumberOfFailedCalls()).isZero();
        // The model is healthy, and its next callers are served.
        for (int i = 0; i < 6; i++) {
            assertThat(post("/v1/generate", "{\"model\":\"llama3-8b\",\"prompt\":\"Hello\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void callsOverTheBulkheadWaitForAPermitInsteadOfFailing() throws Exception {
        pace(MISTRAL_LARGE, "{\"latency_ms\":200}");

        List<Answer> answers = concurrently(16, i -> "{\"model\":\"mistral-large\",\"prompt\":\"Hello\"}");

        assertThat(answers).extracting(Answer::status).containsOnly(200);
        // A permit is released once the call's Mono completes, which may be just after its answer is written.
        await().atMost(Duration.ofSeconds(1)).until(() -> guards.forModel("mistral-large").callsInFlight() == 0);
    }

    @Test
    void aThrottlingStormAnswers429WithRetryAfterAndNeverOpensTheCircuit() throws Exception {
        fault(LLAMA_70B, "throttling", 1.0);

        List<Answer> answers = concurrently(30, i -> "{\"model\":\"llama3-70b\",\"prompt\":\"Hello\"}");

        // Never circuit_open. A retry may also meet a pooled connection the emulator closed after a refusal, and a
        // caller whose last try was that gets the 502 of a dropped connection.
        assertThat(answers).extracting(answer -> answer.status() + " " + answer.json().get("code").asString()
                + " Retry-After " + answer.header("Retry-After"))
                .contains("429 throttled Retry-After 1")
                .isSubsetOf("429 throttled Retry-After 1", "502 upstream_error Retry-After null");
        assertThat(breaker("llama3-70b").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker("llama3-70b").getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void aThrottledModelHandsItsCallersToTheNextCandidate() throws Exception {
        fault(LLAMA_70B, "throttling", 1.0);

        List<Answer> answers = concurrently(20, i -> "{\"route\":\"throttled-first\",\"prompt\":\"Hello\"}");

        // Throttled after its retries; a retry may also meet a pooled connection the emulator closed (upstream_error).
        assertThat(answers).extracting(answer -> answer.status() + " " + answer.json().at("/route/attempts/0/outcome")
                .asString() + " then " + answer.header("X-Gateway-Model"))
                .contains("200 throttled then mistral-large")
                .isSubsetOf("200 throttled then mistral-large", "200 upstream_error then mistral-large");
        assertThat(breaker("llama3-70b").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /**
     * 200 callers open streams over the nine chat models and hang up at random moments: while sending their request,
     * while the model has not answered yet, and while tokens flow. The model calls they started must end upstream
     * and their bulkhead permits come back within a second of the last hang-up; then every model still answers, with
     * its circuit closed.
     */
    @Test
    @Order(Integer.MAX_VALUE) // last: were a permit left held, it would shrink another test's bulkhead too
    void streamsDroppedAtAnyMomentFreeEveryPermitAndUpstreamCallAtOnce() throws Exception {
        // Each model's stream path runs once first: the time is the freeing, not a cold JVM compiling 200 set-ups.
        for (String alias : CHAT_MODELS) {
            Answer warm = post("/v1/generate", "{\"model\":\"" + alias + "\",\"prompt\":\"Hi\",\"stream\":true}");
            assertThat(warm.status()).as(alias + ": " + warm.body()).isEqualTo(200);
        }
        // Slow streams: the first token after 150 ms, then 5 a second, so a hang-up lands in every phase.
        for (String alias : CHAT_MODELS) {
            pace(catalog().byAlias(alias).id(), "{\"time_to_first_token_ms\":150,\"tokens_per_second\":5}");
        }
        double cancelledBefore = cancelledRequests();
        Random random = new Random(15);
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<CompletableFuture<Void>> drops = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String alias = CHAT_MODELS.get(i % CHAT_MODELS.size());
                int sendBytes = random.nextInt(10) == 0 ? random.nextInt(60) : Integer.MAX_VALUE;
                long hangUpAfterMs = random.nextInt(500);
                drops.add(CompletableFuture.runAsync(() -> openAndDrop(alias, sendBytes, hangUpAfterMs), clients));
            }
            CompletableFuture.allOf(drops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            int held = CHAT_MODELS.stream().mapToInt(alias -> guards.forModel(alias).callsInFlight()).sum();
            assertThat(held).as("bulkhead permits still held, per model: " + CHAT_MODELS.stream()
                    .collect(Collectors.toMap(Function.identity(), alias -> guards.forModel(alias).callsInFlight())))
                    .isZero();
            // The gateway cancels every one of these calls (the permits above prove it). The AWS SDK's Netty client
            // itself sometimes loses a cancel that races its channel acquisition (it logs "FutureCancelHandler:
            // Received a cancellation exception on a channel that doesn't have an execution Id attached"), and that
            // connection then stays open until the SDK's read time-out: at most one per run seen here.
            assertThat(emulator.openCalls()).as("model calls still open upstream").isLessThanOrEqualTo(1);
        });
        // Each caller that left after its request was read is a request, counted and logged as cancelled.
        assertThat(cancelledRequests() - cancelledBefore).as("gateway_requests_total{outcome=cancelled}")
                .isGreaterThan(100);
        // Enough callers left after their model was called for the upstream phases to be exercised (how many depends
        // on the machine's speed: 80 to 190 of the 200 here).
        assertThat(emulator.calls().values().stream().mapToLong(Long::longValue).sum())
                .as("streams that reached the emulator: " + emulator.calls() + ", cancelled there: "
                        + emulator.cancelledStreams()).isGreaterThan(40);

        send(HttpRequest.newBuilder(emulator.endpoint().resolve("/emulator/faults")).DELETE().build());
        for (String alias : CHAT_MODELS) {
            Answer answer = post("/v1/generate", "{\"model\":\"" + alias + "\",\"prompt\":\"Hi\"}");
            assertThat(answer.status()).as(alias + ": " + answer.body()).isEqualTo(200);
            assertThat(breaker(alias).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    /**
     * One caller on a raw socket: sends a streaming request (only its first {@code sendBytes} bytes when that is
     * shorter), reads whatever comes for {@code hangUpAfterMs}, and closes the connection.
     */
    private void openAndDrop(String alias, int sendBytes, long hangUpAfterMs) {
        String body = "{\"model\":\"" + alias + "\",\"prompt\":\"Tell me a long story about the sea\",\"stream\":true,"
                + "\"parameters\":{\"max_tokens\":400}}";
        byte[] request = ("POST /v1/generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request, 0, Math.min(sendBytes, request.length));
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(hangUpAfterMs);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                try {
                    if (in.read(buffer) < 0) {
                        return;
                    }
                } catch (SocketTimeoutException timeUp) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code count} requests at once, each on its own connection, and waits for every answer. */
    private List<Answer> concurrently(int count, IntFunction<String> body) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = IntStream.range(0, count)
                .mapToObj(i -> LOAD.sendAsync(HttpRequest.newBuilder(gateway("/v1/generate"))
                                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.ofString(body.apply(i))).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<Answer> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> response : sent) {
            HttpResponse<String> answered = response.get(30, TimeUnit.SECONDS);
            answers.add(new Answer(answered.statusCode(), answered.headers(), answered.body()));
        }
        return answers;
    }

    private double cancelledRequests() {
        return meters.find("gateway.requests").tag("outcome", "cancelled").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private CircuitBreaker breaker(String alias) {
        return guards.forModel(alias).breaker();
    }

    /** Sets a model's fault plan (latency, pacing) through the emulator's admin API. */
    private void pace(String modelId, String plan) throws Exception {
        URI uri = emulator.endpoint().resolve("/emulator/faults/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8));
        Answer answer = send(HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(plan)).build());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
