package dev.bedrockgateway.web;

import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.openai.OpenAiSettings;
import dev.bedrockgateway.openai.ResponseCreateRequest;
import dev.bedrockgateway.openai.ResponseStream;
import dev.bedrockgateway.openai.Responses;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestPipeline;
import dev.bedrockgateway.web.OpenAiController.WireRead;
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
 * OpenAI's Responses API, {@code POST /v1/responses}, which the OpenAI Agents SDK and newer OpenAI clients default
 * to: the same pipeline as chat completions, read from and rendered to the Responses wire format.
 */
@RestController
@RendersErrorsAs(ErrorDialect.OPENAI)
public class OpenAiResponsesController {

    static final String RESPONSES = "/v1/responses";

    private final RequestPipeline pipeline;
    private final StreamFailures streamFailures;
    private final boolean ignoreUnknownFields;

    public OpenAiResponsesController(RequestPipeline pipeline, StreamFailures streamFailures,
                                     OpenAiSettings settings) {
        this.pipeline = pipeline;
        this.streamFailures = streamFailures;
        this.ignoreUnknownFields = settings.unknownFields() == OpenAiSettings.UnknownFields.IGNORE;
    }

    @PostMapping(path = RESPONSES, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    public Mono<ResponseEntity<?>> create(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        return pipeline.read(OpenAiController.API, () -> request(body, exchange), exchange)
                .flatMap(read -> Responses.streamed(read.wire()) ? stream(read, exchange) : whole(read, exchange));
    }

    private WireRead<ResponseCreateRequest> request(byte[] body, ServerWebExchange exchange) {
        WireRead<ResponseCreateRequest> read = WireRead.of(body, ResponseCreateRequest.class, ignoreUnknownFields);
        // Checks shared with the other APIs name max_tokens; the error names the caller's field.
        exchange.getAttributes().put(OpenAiErrors.MAX_TOKENS_FIELD, "max_output_tokens");
        return read;
    }

    private static GenerationRequest canonical(WireRead<ResponseCreateRequest> read, ServerWebExchange exchange) {
        return read.mapped(Responses::toCanonical, exchange);
    }

    private Mono<ResponseEntity<?>> whole(WireRead<ResponseCreateRequest> read, ServerWebExchange exchange) {
        return pipeline.serve(OpenAiController.API, () -> canonical(read, exchange), exchange)
                .map(served -> served.ok(Responses.answer(served, read.wire())));
    }

    /** The {@code response.*} events, each as {@code event: <type>} and its JSON; no [DONE] closes them. */
    private Mono<ResponseEntity<?>> stream(WireRead<ResponseCreateRequest> read, ServerWebExchange exchange) {
        return pipeline.stream(OpenAiController.API, () -> canonical(read, exchange), exchange)
                .map(served -> served.ok(ResponseStream.of(served, read.wire(),
                                error -> streamFailures.of(served, error))
                        .map(event -> ServerSentEvent.builder(new String(ApiJson.write(event),
                                StandardCharsets.UTF_8)).event(event.type()).build())));
    }
}
