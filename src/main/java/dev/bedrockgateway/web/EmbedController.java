package dev.bedrockgateway.web;

import dev.bedrockgateway.nativeapi.EmbedAnswer;
import dev.bedrockgateway.nativeapi.EmbedBody;
import dev.bedrockgateway.nativeapi.GenerateRequests;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.RequestPipeline;
import dev.bedrockgateway.pipeline.ServedEmbeddings;
import dev.bedrockgateway.core.EmbeddingInputType;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.EmbeddingResult;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The native API's {@code POST /v1/embed}: texts to vectors with any embedding model, as floats. */
@RestController
public class EmbedController {

    private final RequestPipeline pipeline;

    public EmbedController(RequestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @PostMapping(path = "/v1/embed", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> embed(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        return pipeline.embed(GenerateController.API, () -> toCanonical(ApiJson.read(body, EmbedBody.class)), exchange)
                .map(served -> served.ok(answer(served)));
    }

    static EmbeddingRequest toCanonical(EmbedBody body) {
        RequestChecks.positive("dimensions", body.dimensions());
        return new EmbeddingRequest(RequestChecks.embeddingInputs("input", body.input()), body.dimensions(),
                body.inputType() == null ? null : EmbeddingInputType.fromWire("input_type", body.inputType()),
                RequestChecks.optionalName("model", body.model()), RequestChecks.optionalName("route", body.route()),
                GenerateRequests.metadata(body.metadata()));
    }

    private static EmbedAnswer answer(ServedEmbeddings served) {
        EmbeddingResult result = served.dispatch().result();
        int tokens = result.usage().inputTokens();
        return new EmbedAnswer(RequestContext.newId("emb_"), served.dispatch().model().id(),
                served.dispatch().model().alias(), served.dispatch().model().provider(), result.vectors(),
                result.vectors().get(0).length, new EmbedAnswer.UsageBody(tokens, tokens), served.cost(),
                served.route(), served.latencyMs());
    }
}
