package dev.bedrockgateway.emulator;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.core.Task;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/**
 * A Bedrock Runtime emulator: a real HTTP server (HTTP/1.1 and h2c) speaking Bedrock's REST-JSON protocol, so the
 * real AWS SDK reaches it through {@code endpointOverride}. It validates each family's native body the way Bedrock
 * does, answers deterministically in the family's shape with token-count headers, and injects faults on request.
 *
 * <p>The streaming operations send the same answer as AWS event-stream frames, one word per text event, paced and
 * broken off as the model's {@link FaultPlan} says; a stream the client abandons is counted ({@link #cancelledStreams()}).
 *
 * <p>Emulator tokens are whitespace-separated words.
 */
public final class BedrockEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BedrockEmulator.class);

    /** Long enough for a loaded CI machine, short enough that a stuck port fails a test quickly. */
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** Bedrock's largest InvokeModel body (the Body blob's max length in its API model). */
    static final int MAX_BODY_BYTES = 25_000_000;

    private final EmulatorSettings settings;
    private final EmulatedModels models;
    private final FaultInjector faults;
    private final CallCounts calls = new CallCounts();
    private final CallCounts cancelledStreams = new CallCounts();
    /** Model calls being served now: from the request's arrival until its answer ends or its client goes away. */
    private final AtomicInteger openCalls = new AtomicInteger();
    private final EmulatorAdminApi admin;
    private final Map<ModelFamily, NativeEmulation> invokeFormats = Map.of(
            ModelFamily.META, new LlamaEmulation(),
            ModelFamily.MISTRAL, new MistralEmulation(),
            ModelFamily.COHERE, new CohereEmulation(),
            ModelFamily.ANTHROPIC, new ClaudeEmulation(),
            ModelFamily.STABILITY, new SdxlEmulation(),
            ModelFamily.TITAN_EMBED, new TitanEmbedEmulation(),
            ModelFamily.COHERE_EMBED, new CohereEmbedEmulation());
    private final NativeEmulation titanText = new TitanTextEmulation();
    private final ConverseEmulation converse = new ConverseEmulation();
    private final CountTokensEmulation countTokens = new CountTokensEmulation(converse, this::invokeFormat);

    private volatile DisposableServer server;

    public BedrockEmulator(EmulatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.models = new EmulatedModels(settings.modelFamilies());
        this.faults = new FaultInjector(settings.faults());
        this.admin = new EmulatorAdminApi(faults, calls, cancelledStreams, openCalls::get);
    }

    /** Binds the server; returns this, so {@code new BedrockEmulator(s).start()} reads well. Idempotent. */
    public synchronized BedrockEmulator start() {
        if (server == null) {
            server = HttpServer.create()
                    .host(settings.host())
                    .port(settings.port())
                    .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
                    .handle(this::handle)
                    .bindNow(BIND_TIMEOUT);
            log.info("Bedrock emulator listening at {}", endpoint());
        }
        return this;
    }

    /** Unbinds the server. Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.disposeNow(STOP_TIMEOUT);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return server != null;
    }

    /** The bound port (the chosen one when configured with 0). */
    public int port() {
        DisposableServer bound = server;
        if (bound == null) {
            throw new IllegalStateException("the Bedrock emulator is not started");
        }
        return bound.port();
    }

    /** The URI to give the AWS SDK as {@code endpointOverride}, e.g. {@code http://127.0.0.1:4010}. */
    public URI endpoint() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** Sets the fault plan for a model id (as callers send it, or its plain id), or "*" for every model. */
    public void setFault(String modelId, FaultPlan plan) {
        faults.set(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(plan, "plan"));
    }

    public void clearFault(String modelId) {
        faults.clear(modelId);
    }

    /**
     * Sets the fault plan for a model id (or "*") for calls signed for one region only: the emulator plays every
     * region at once, telling them apart by the region of the call's SigV4 credential scope ({@link SignedRegion}).
     */
    public void setFault(String region, String modelId, FaultPlan plan) {
        faults.set(Objects.requireNonNull(region, "region"), Objects.requireNonNull(modelId, "modelId"),
                Objects.requireNonNull(plan, "plan"));
    }

    public void clearFault(String region, String modelId) {
        faults.clear(region, modelId);
    }

    /** The fault plans of one region, by model id. */
    public Map<String, FaultPlan> faults(String region) {
        return faults.plans(region);
    }

    public void clearFaults() {
        faults.clearAll();
    }

    /** The fault plans in force, by model id. */
    public Map<String, FaultPlan> faults() {
        return faults.plans();
    }

    /** Calls received for exactly this model identifier, failed ones included. */
    public long calls(String modelId) {
        return calls.count(modelId);
    }

    /** Calls received per model identifier. */
    public Map<String, Long> calls() {
        return calls.snapshot();
    }

    /** Streams whose client went away before the end, per model identifier; the emulator stopped producing them. */
    public Map<String, Long> cancelledStreams() {
        return cancelledStreams.snapshot();
    }

    /** Streams for exactly this model identifier whose client went away before the end. */
    public long cancelledStreams(String modelId) {
        return cancelledStreams.count(modelId);
    }

    /**
     * Model calls being served now, streams included: a call leaves this count when its answer has been sent, when it
     * failed, or when its client closed the connection.
     */
    public int openCalls() {
        return openCalls.get();
    }

    /** Resets the call counts and the cancelled-stream counts. */
    public void resetCalls() {
        calls.clear();
        cancelledStreams.clear();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        List<String> segments = pathSegments(request.uri());
        if (!segments.isEmpty() && "emulator".equals(segments.get(0))) {
            return admin.handle(request, response, segments.subList(1, segments.size()));
        }
        if (segments.size() == 3 && "model".equals(segments.get(0)) && "POST".equals(request.method().name())) {
            Operation operation = Operation.fromPath(segments.get(2));
            if (operation != null) {
                return modelCall(request, response, operation, segments.get(1));
            }
        }
        return BedrockResponses.error(response, new BedrockError(BedrockErrorType.UNKNOWN_OPERATION,
                "Unknown operation: " + request.method().name() + " " + request.path()), Map.of());
    }

    /** One Bedrock Runtime call: count it, apply the fault plan (latency, then maybe an error), else emulate the model. */
    private Mono<Void> modelCall(HttpServerRequest request, HttpServerResponse response, Operation operation, String modelId) {
        long started = System.nanoTime();
        calls.record(modelId);
        openCalls.incrementAndGet();
        FaultInjector.Decision fault = faults.decide(SignedRegion.of(request.requestHeaders().get("Authorization")),
                modelId, EmulatedModels.baseOf(modelId));
        return body(request, operation)
                .delayUntil(body -> fault.latency().isZero() ? Mono.empty() : Mono.delay(fault.latency()))
                // validation and PNG encoding are CPU work: keep them off the event loop
                .publishOn(Schedulers.parallel())
                .flatMap(body -> operation.streaming()
                        ? sendStream(response, operation, modelId, body, fault, started)
                        : send(response, operation, emulate(operation, modelId, body, fault), started))
                .onErrorResume(error -> sendError(response, error, fault))
                .doFinally(signal -> openCalls.decrementAndGet());
    }

    /**
     * The request's body, refused once it passes {@link #MAX_BODY_BYTES} rather than read whole (a body of any size
     * was held in memory before it was looked at).
     */
    private static Mono<byte[]> body(HttpServerRequest request, Operation operation) {
        return request.receive().asByteArray()
                .reduceWith(ByteArrayOutputStream::new, (body, chunk) -> {
                    if (body.size() + chunk.length > MAX_BODY_BYTES) {
                        throw bodyTooLarge(operation);
                    }
                    body.write(chunk, 0, chunk.length);
                    return body;
                })
                .map(ByteArrayOutputStream::toByteArray);
    }

    /**
     * InvokeModel's body has Bedrock's constraint message (its API model caps the blob at 25,000,000 bytes); Converse
     * has no body member, and Bedrock's wording for an oversized Converse request is not known, so it says what it is.
     */
    static BedrockError bodyTooLarge(Operation operation) {
        boolean invoke = operation == Operation.INVOKE || operation == Operation.INVOKE_WITH_RESPONSE_STREAM;
        return BedrockError.validation(invoke
                ? "1 validation error detected: Value at 'body' failed to satisfy constraint: Member must have length "
                        + "less than or equal to " + MAX_BODY_BYTES
                : "The request is larger than the emulator accepts (" + MAX_BODY_BYTES + " bytes)");
    }

    /** Validates the body exactly as the non-streaming operation does and answers it; a fault not kept for mid-stream fails here. */
    private EmulatedAnswer emulate(Operation operation, String modelId, byte[] body, FaultInjector.Decision fault) {
        if (fault.failure() != null && !(operation.streaming() && fault.failsMidStream())) {
            throw fault.failure().error();
        }
        EmulatedModel model = models.resolve(modelId);
        refuseConverseOfEmbeddingModel(operation, model);
        JsonNode json = EmulatorJson.parseBody(body);
        if (operation == Operation.COUNT_TOKENS) {
            return countTokens.answer(modelId, model, json);
        }
        EmulatedAnswer answer = operation.converse() ? converse.answer(model, json, operation.streaming())
                : invokeFormat(model).answer(model, json);
        KnownModels.checkContextWindow(model, answer.inputTokens());
        return answer;
    }

    /** The same answer as event-stream frames; once the 200 is sent, failures can only travel as exception frames. */
    private Mono<Void> sendStream(HttpServerResponse response, Operation operation, String modelId, byte[] body,
                                  FaultInjector.Decision fault, long started) {
        EmulatedAnswer answer = emulate(operation, modelId, body, fault);
        List<StreamEvent> events = operation.converse()
                ? converse.streamEvents(answer)
                : invokeFormat(models.resolve(modelId)).streamChunks(answer);
        Flux<byte[]> frames = new PacedEventStream(operation.converse(), answer, events, started)
                .frames(fault.plan(), fault.failsMidStream() ? fault.failure() : null)
                .doOnCancel(() -> cancelledStreams.record(modelId));
        return BedrockResponses.eventStream(response, !operation.converse(), frames);
    }

    /** Bedrock's Converse serves text and chat models only; an embedding model answers InvokeModel alone. */
    private static void refuseConverseOfEmbeddingModel(Operation operation, EmulatedModel model) {
        if (operation.converse() && model.family().task() == Task.EMBED) {
            throw BedrockError.validation("This action doesn't support the model that you provided. "
                    + "Try again with a supported text or chat model.");
        }
    }

    private NativeEmulation invokeFormat(EmulatedModel model) {
        NativeEmulation format = invokeFormats.get(model.family());
        if (format != null) {
            return format;
        }
        if (TitanTextEmulation.speaks(model)) {
            return titanText;
        }
        throw BedrockError.validation("The Bedrock emulator has no InvokeModel format for " + model.modelId()
                + "; call it through the Converse API instead.");
    }

    private static Mono<Void> send(HttpServerResponse response, Operation operation, EmulatedAnswer answer, long started) {
        long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (operation == Operation.COUNT_TOKENS) {
            return BedrockResponses.json(response, 200, answer.body(), Map.of());
        }
        if (operation == Operation.CONVERSE) {
            answer.body().putObject("metrics").put("latencyMs", latencyMs);
        }
        return BedrockResponses.json(response, 200, answer.body(), Map.of(
                BedrockResponses.INVOCATION_LATENCY, Long.toString(latencyMs),
                BedrockResponses.INPUT_TOKENS, Integer.toString(answer.inputTokens()),
                BedrockResponses.OUTPUT_TOKENS, Integer.toString(answer.outputTokens())));
    }

    private static Mono<Void> sendError(HttpServerResponse response, Throwable error, FaultInjector.Decision fault) {
        if (error instanceof BedrockError bedrockError) {
            Map<String, String> headers = fault.failure() == null
                    ? Map.of()
                    : Map.of(BedrockResponses.INJECTED_FAULT, fault.failure().wireName());
            return BedrockResponses.error(response, bedrockError, headers);
        }
        log.error("Bedrock emulator failed on a request", error);
        return BedrockResponses.error(response, new BedrockError(BedrockErrorType.INTERNAL_SERVER,
                "The Bedrock emulator failed: " + error), Map.of());
    }

    /** Path segments of a request target, each percent-decoded on its own so an ARN's %2F stays inside its segment. */
    static List<String> pathSegments(String uri) {
        String path = uri;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/")) {
            if (!raw.isEmpty()) {
                // URLDecoder is for forms, where '+' means space; in a path it is a plain '+'
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** The Bedrock Runtime operations, by the last segment of their path. */
    enum Operation {
        INVOKE("invoke", false),
        INVOKE_WITH_RESPONSE_STREAM("invoke-with-response-stream", true),
        CONVERSE("converse", false),
        CONVERSE_STREAM("converse-stream", true),
        COUNT_TOKENS("count-tokens", false);

        private final String pathSegment;
        private final boolean streaming;

        Operation(String pathSegment, boolean streaming) {
            this.pathSegment = pathSegment;
            this.streaming = streaming;
        }

        boolean streaming() {
            return streaming;
        }

        /** Whether the body is a Converse request (the same for every text model) rather than the family's native one. */
        boolean converse() {
            return this == CONVERSE || this == CONVERSE_STREAM;
        }

        static Operation fromPath(String segment) {
            for (Operation operation : values()) {
                if (operation.pathSegment.equals(segment)) {
                    return operation;
                }
            }
            return null;
        }
    }
}
