package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestPipeline;
import dev.bedrockgateway.openai.CreateEmbeddingRequest;
import dev.bedrockgateway.openai.Embeddings;
import dev.bedrockgateway.openai.OpenAiSettings;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** OpenAI's {@code POST /v1/embeddings}, served by Bedrock's embedding models through the common pipeline. */
@RestController
@RendersErrorsAs(ErrorDialect.OPENAI)
public class OpenAiEmbeddingsController {

    static final String EMBEDDINGS = "/v1/embeddings";

    private final RequestPipeline pipeline;
    private final boolean ignoreUnknownFields;

    public OpenAiEmbeddingsController(RequestPipeline pipeline, OpenAiSettings settings) {
        this.pipeline = pipeline;
        this.ignoreUnknownFields = settings.unknownFields() == OpenAiSettings.UnknownFields.IGNORE;
    }

    @PostMapping(path = EMBEDDINGS, produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> embeddings(@RequestBody(required = false) byte[] body,
                                                   ServerWebExchange exchange) {
        return pipeline.read(OpenAiController.API, () -> OpenAiController.read(body, CreateEmbeddingRequest.class,
                        ignoreUnknownFields, exchange), exchange)
                .flatMap(wire -> pipeline.embed(OpenAiController.API, () -> Embeddings.toCanonical(wire), exchange)
                        .map(served -> served.ok(Embeddings.answer(served, wire.encodingFormat()))));
    }
}
