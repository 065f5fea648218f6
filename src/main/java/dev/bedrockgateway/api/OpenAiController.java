package dev.bedrockgateway.api;

import dev.bedrockgateway.api.openai.ChatCompletionRequest;
import dev.bedrockgateway.api.openai.ChatCompletions;
import dev.bedrockgateway.api.openai.ImageGenerationRequest;
import dev.bedrockgateway.api.openai.ImageGenerations;
import dev.bedrockgateway.api.openai.OpenAiErrors;
import java.nio.charset.StandardCharsets;
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
public class OpenAiController {

    static final String API = "openai";
    static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    static final String IMAGE_GENERATIONS = "/v1/images/generations";

    /** Paths whose errors are rendered in OpenAI's shape. */
    private static final Set<String> PATHS = Set.of(CHAT_COMPLETIONS, IMAGE_GENERATIONS,
            OpenAiEmbeddingsController.EMBEDDINGS);

    private static final String MODELS_PREFIX = "/v1/models/";

    /** The sentinel OpenAI's clients wait for at the end of a stream. */
    private static final String DONE = "[DONE]";
    private static final ErrorRenderer OPENAI_ERRORS = new OpenAiErrors();

    private final RequestPipeline pipeline;

    public OpenAiController(RequestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @PostMapping(path = CHAT_COMPLETIONS,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    public Mono<ResponseEntity<?>> chatCompletions(@RequestBody(required = false) byte[] body,
                                                   ServerWebExchange exchange) {
        return pipeline.read(API, () -> ApiJson.read(body, ChatCompletionRequest.class), exchange)
                .flatMap(wire -> Boolean.TRUE.equals(wire.stream()) ? streamChat(wire, exchange) : chat(wire, exchange));
    }

    private Mono<ResponseEntity<?>> chat(ChatCompletionRequest wire, ServerWebExchange exchange) {
        return pipeline.serve(API, () -> ChatCompletions.toCanonical(wire), exchange)
                .map(served -> served.ok(ChatCompletions.answer(served)));
    }

    /**
     * OpenAI's stream: {@code data:} lines of chat.completion.chunk, closed by {@code data: [DONE]}. A failure after
     * the first chunk is sent as {@code data: {"error": ...}} and ends the stream without [DONE], so clients see it.
     */
    private Mono<ResponseEntity<?>> streamChat(ChatCompletionRequest wire, ServerWebExchange exchange) {
        return pipeline.stream(API, () -> ChatCompletions.toCanonical(wire), exchange)
                .map(served -> served.ok(ChatCompletions.chunks(served, ChatCompletions.includeUsage(wire))
                        .map(OpenAiController::data)
                        .concatWithValues(ServerSentEvent.builder(DONE).build())
                        .onErrorResume(error -> Mono.just(data(OPENAI_ERRORS.body(
                                StreamFailures.of(served, error), served.requestId()))))));
    }

    private static ServerSentEvent<String> data(Object body) {
        return ServerSentEvent.builder(new String(ApiJson.write(body), StandardCharsets.UTF_8)).build();
    }

    @PostMapping(path = IMAGE_GENERATIONS, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> imageGenerations(@RequestBody(required = false) byte[] body,
                                                         ServerWebExchange exchange) {
        return pipeline.serve(API,
                        () -> ImageGenerations.toCanonical(ApiJson.read(body, ImageGenerationRequest.class)), exchange)
                .map(served -> served.ok(ImageGenerations.answer(served)));
    }

    /**
     * Whether a request path belongs to this API, for its errors' shape. {@code GET /v1/models/{id}} is OpenAI's
     * (its SDKs read an unknown model's 404 from {@code error}); the list at {@code /v1/models} is shared.
     */
    static boolean serves(String path) {
        return PATHS.contains(path) || path.startsWith(MODELS_PREFIX);
    }
}
