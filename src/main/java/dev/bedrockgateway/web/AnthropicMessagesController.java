package dev.bedrockgateway.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockgateway.anthropic.AnthropicVersion;
import dev.bedrockgateway.anthropic.MessageStream;
import dev.bedrockgateway.anthropic.Messages;
import dev.bedrockgateway.anthropic.MessagesRequest;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.openai.OpenAiSettings;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestPipeline;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Anthropic's Messages API, so Anthropic's SDKs and Claude Code work with only the base URL changed: the same
 * pipeline as the other APIs, read from and rendered to Anthropic's wire format. Fields Anthropic added that the
 * gateway does not know are skipped and listed in {@value OpenAiSettings#IGNORED_FIELDS_HEADER}, because Claude Code
 * sends fields newer than any gateway; {@code anthropic-beta} is accepted and not acted on.
 */
@RestController
@RendersErrorsAs(ErrorDialect.ANTHROPIC)
public class AnthropicMessagesController {

    static final String API = "anthropic";
    static final String MESSAGES = "/v1/messages";
    static final String COUNT_TOKENS = "/v1/messages/count_tokens";

    private static final ErrorRenderer ERRORS = new AnthropicErrors();

    private final RequestPipeline pipeline;
    private final StreamFailures streamFailures;

    public AnthropicMessagesController(RequestPipeline pipeline, StreamFailures streamFailures) {
        this.pipeline = pipeline;
        this.streamFailures = streamFailures;
    }

    @PostMapping(path = MESSAGES, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    public Mono<ResponseEntity<?>> messages(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        return pipeline.read(API, () -> read(body, exchange), exchange)
                .flatMap(read -> Boolean.TRUE.equals(read.wire().stream()) ? stream(read, exchange)
                        : whole(read, exchange));
    }

    /**
     * The request's input tokens, counted by Bedrock's CountTokens for the model it names. Bedrock counts for Claude
     * models only; any other model gets Bedrock's refusal as a 400 invalid_request_error.
     */
    @PostMapping(path = COUNT_TOKENS, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> countTokens(@RequestBody(required = false) byte[] body,
                                                    ServerWebExchange exchange) {
        return pipeline.count(API, () -> read(body, exchange).canonical(true), exchange)
                .map(served -> served.ok(new TokenCountAnswer(served.count().inputTokens())));
    }

    /** Anthropic's count_tokens answer. */
    record TokenCountAnswer(@JsonProperty("input_tokens") int inputTokens) {
    }

    /** A request as read, with the API version it was sent under. */
    private record Read(MessagesRequest wire, AnthropicVersion version) {

        GenerationRequest canonical(boolean counting) {
            return Messages.toCanonical(wire, version, counting);
        }
    }

    private static Read read(byte[] body, ServerWebExchange exchange) {
        AnthropicVersion version = AnthropicVersion.of(
                exchange.getRequest().getHeaders().getFirst(AnthropicVersion.HEADER));
        ApiJson.Lenient<MessagesRequest> read = ApiJson.readIgnoringUnknown(body, MessagesRequest.class);
        if (!read.ignored().isEmpty()) {
            exchange.getResponse().getHeaders().set(OpenAiSettings.IGNORED_FIELDS_HEADER,
                    String.join(",", read.ignored()));
        }
        return new Read(read.value(), version);
    }

    private Mono<ResponseEntity<?>> whole(Read read, ServerWebExchange exchange) {
        return pipeline.serve(API, () -> read.canonical(false), exchange)
                .map(served -> served.ok(Messages.answer(served)));
    }

    /** Anthropic's event stream; a failure after the first event is an {@code error} event, and the stream ends. */
    private Mono<ResponseEntity<?>> stream(Read read, ServerWebExchange exchange) {
        return pipeline.stream(API, () -> read.canonical(false), exchange)
                .map(served -> served.ok(MessageStream.of(served)
                        .map(event -> event(event.event(), event.data()))
                        .onErrorResume(error -> Mono.just(event("error",
                                ERRORS.body(streamFailures.of(served, error), served.requestId()))))));
    }

    private static ServerSentEvent<String> event(String name, Object data) {
        return ServerSentEvent.builder(new String(ApiJson.write(data), StandardCharsets.UTF_8)).event(name).build();
    }

    /** Whether a path belongs to this API, for the shape of errors no handler rendered (see {@link ErrorDialect}). */
    static boolean serves(String path) {
        return path.equals(MESSAGES) || path.startsWith(MESSAGES + "/");
    }
}
