package dev.bedrockgateway.api;

import dev.bedrockgateway.api.GenerateAnswer.ImageBody;
import dev.bedrockgateway.api.GenerateAnswer.Output;
import dev.bedrockgateway.api.GenerateAnswer.UsageBody;
import dev.bedrockgateway.core.GenerationResult;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The native API: {@code POST /v1/generate}, one request shape for every model. */
@RestController
public class GenerateController {

    static final String API = "native";

    private final RequestPipeline pipeline;

    public GenerateController(RequestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @PostMapping(path = "/v1/generate", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<byte[]>> generate(@RequestBody(required = false) byte[] body,
                                                 ServerWebExchange exchange) {
        return pipeline.serve(API, () -> GenerateRequests.toCanonical(ApiJson.read(body, GenerateBody.class)), exchange)
                .map(served -> served.ok(answer(served)));
    }

    private static GenerateAnswer answer(ServedRequest served) {
        GenerationResult result = served.dispatch().result();
        return new GenerateAnswer(
                RequestContext.newId("gen_"),
                served.dispatch().model().id(),
                served.dispatch().model().alias(),
                served.dispatch().model().provider(),
                new Output(result.text().isEmpty() && !result.images().isEmpty() ? null : result.text(),
                        result.images().stream().map(image -> new ImageBody(image.base64(), image.seed())).toList()),
                result.finishReason() == null ? null : result.finishReason().wireName(),
                new UsageBody(result.usage().inputTokens(), result.usage().outputTokens(), result.usage().totalTokens()),
                served.cost(),
                served.route(),
                served.latencyMs());
    }
}
