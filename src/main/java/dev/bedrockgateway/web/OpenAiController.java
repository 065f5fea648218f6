package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestPipeline;
import dev.bedrockgateway.openai.ChatCompletionRequest;
import dev.bedrockgateway.openai.ChatCompletions;
import dev.bedrockgateway.openai.ImageGenerationRequest;
import dev.bedrockgateway.openai.ImageGenerations;
import dev.bedrockgateway.openai.OpenAiSettings;
import dev.bedrockgateway.openai.UnknownFields;
import dev.bedrockgateway.core.GenerationRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The OpenAI-compatible API: the same pipeline as the native API, read from and rendered to OpenAI's wire format,
 * so OpenAI's SDKs work with only the base URL changed. {@code GET /v1/models} is shared with the native API.
 */
@RestController
@RendersErrorsAs(ErrorDialect.OPENAI)
public class OpenAiController {

    static final String API = "openai";
    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    static final String IMAGE_GENERATIONS = "/v1/images/generations";

    /** Paths whose errors are rendered in OpenAI's shape. */
    private static final Set<String> PATHS = Set.of(CHAT_COMPLETIONS, IMAGE_GENERATIONS,
            OpenAiEmbeddingsController.EMBEDDINGS, OpenAiResponsesController.RESPONSES);

    private static final String MODELS_PREFIX = "/v1/models/";

    /** The sentinel OpenAI's clients wait for at the end of a stream. */
    private static final String DONE = "[DONE]";
    private static final ErrorRenderer OPENAI_ERRORS = new OpenAiErrors();

    private final RequestPipeline pipeline;
    private final StreamFailures streamFailures;
    private final boolean ignoreUnknownFields;

    public OpenAiController(RequestPipeline pipeline, StreamFailures streamFailures, OpenAiSettings settings) {
        this.pipeline = pipeline;
        this.streamFailures = streamFailures;
        this.ignoreUnknownFields = settings.unknownFields() == OpenAiSettings.UnknownFields.IGNORE;
    }

    @PostMapping(path = CHAT_COMPLETIONS,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    public Mono<ResponseEntity<?>> chatCompletions(@RequestBody(required = false) byte[] body,
                                                   ServerWebExchange exchange) {
        return pipeline.read(API, () -> chatRequest(body, exchange), exchange)
                .flatMap(read -> Boolean.TRUE.equals(read.wire().stream()) ? streamChat(read, exchange)
                        : chat(read, exchange));
    }

    /**
     * A request body as read, and what meets the fields the gateway does not know in the rest of it (the parts read
     * as trees).
     */
    record WireRead<T>(T wire, UnknownFields unknown) {

        /** Reads strictly or skipping unknown fields, as {@code gateway.openai.unknown-fields} says. */
        static <T> WireRead<T> of(byte[] body, Class<T> type, boolean ignoreUnknownFields) {
            if (!ignoreUnknownFields) {
                return new WireRead<>(ApiJson.read(body, type), UnknownFields.refused());
            }
            ApiJson.Lenient<T> lenient = ApiJson.readIgnoringUnknown(body, type);
            return new WireRead<>(lenient.value(), UnknownFields.ignored(lenient.ignored()));
        }

        /** Maps the body; the fields skipped on the way, if any, are listed in the answer, refused or not. */
        <R> R mapped(java.util.function.BiFunction<T, UnknownFields, R> mapping, ServerWebExchange exchange) {
            try {
                return mapping.apply(wire, unknown);
            } finally {
                listIgnored(unknown.ignoredSoFar(), exchange);
            }
        }
    }

    private WireRead<ChatCompletionRequest> chatRequest(byte[] body, ServerWebExchange exchange) {
        WireRead<ChatCompletionRequest> read = WireRead.of(body, ChatCompletionRequest.class, ignoreUnknownFields);
        if (read.wire().maxCompletionTokens() != null) {
            // Checks shared with the native API name parameters.max_tokens; the error names the caller's field.
            exchange.getAttributes().put(OpenAiErrors.MAX_TOKENS_FIELD, "max_completion_tokens");
        }
        return read;
    }

    private static GenerationRequest canonical(WireRead<ChatCompletionRequest> read, ServerWebExchange exchange) {
        return read.mapped(ChatCompletions::toCanonical, exchange);
    }

    /**
     * Reads an OpenAI request body, strictly or skipping unknown fields as {@code gateway.openai.unknown-fields}
     * says; skipped fields are listed in the answer's {@value OpenAiSettings#IGNORED_FIELDS_HEADER} header.
     */
    static <T> T read(byte[] body, Class<T> type, boolean ignoreUnknownFields, ServerWebExchange exchange) {
        if (!ignoreUnknownFields) {
            return ApiJson.read(body, type);
        }
        ApiJson.Lenient<T> read = ApiJson.readIgnoringUnknown(body, type);
        listIgnored(read.ignored(), exchange);
        return read.value();
    }

    private static void listIgnored(List<String> ignored, ServerWebExchange exchange) {
        if (!ignored.isEmpty()) {
            exchange.getResponse().getHeaders().set(OpenAiSettings.IGNORED_FIELDS_HEADER, String.join(",", ignored));
        }
    }

    private Mono<ResponseEntity<?>> chat(WireRead<ChatCompletionRequest> read, ServerWebExchange exchange) {
        return pipeline.serve(API, () -> canonical(read, exchange), exchange)
                .map(served -> served.ok(ChatCompletions.answer(served)));
    }

    /**
     * OpenAI's stream: {@code data:} lines of chat.completion.chunk, closed by {@code data: [DONE]}. A failure after
     * the first chunk is sent as {@code data: {"error": ...}} and ends the stream without [DONE], so clients see it.
     */
    private Mono<ResponseEntity<?>> streamChat(WireRead<ChatCompletionRequest> read, ServerWebExchange exchange) {
        return pipeline.stream(API, () -> canonical(read, exchange), exchange)
                .map(served -> served.ok(ChatCompletions.chunks(served, ChatCompletions.includeUsage(read.wire()))
                        .map(OpenAiController::data)
                        .concatWithValues(ServerSentEvent.builder(DONE).build())
                        .onErrorResume(error -> Mono.just(data(OPENAI_ERRORS.body(
                                streamFailures.of(served, error), served.requestId()))))));
    }

    private static ServerSentEvent<String> data(Object body) {
        return ServerSentEvent.builder(new String(ApiJson.write(body), StandardCharsets.UTF_8)).build();
    }

    @PostMapping(path = IMAGE_GENERATIONS, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> imageGenerations(@RequestBody(required = false) byte[] body,
                                                         ServerWebExchange exchange) {
        return pipeline.serve(API, () -> ImageGenerations.toCanonical(
                        read(body, ImageGenerationRequest.class, ignoreUnknownFields, exchange)), exchange)
                .map(served -> served.ok(ImageGenerations.answer(served)));
    }

    /**
     * Whether a request path belongs to this API, for the shape of errors no handler rendered (see {@link ErrorDialect}). {@code GET /v1/models/{id}} is OpenAI's
     * (its SDKs read an unknown model's 404 from {@code error}); the list at {@code /v1/models} is shared.
     */
    static boolean serves(String path) {
        return PATHS.contains(path) || path.startsWith(MODELS_PREFIX);
    }
}
