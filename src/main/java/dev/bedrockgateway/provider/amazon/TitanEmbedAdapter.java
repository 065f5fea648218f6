package dev.bedrockgateway.provider.amazon;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.EmbeddingAdapter;
import dev.bedrockgateway.provider.InvokeCall;
import dev.bedrockgateway.provider.NativeJson;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Amazon Titan Text Embeddings v2: {@code {"inputText","dimensions","normalize"}} → {@code {"embedding",
 * "inputTextTokenCount"}}. Titan embeds one text per call, so a request of N inputs is N calls, made a few at a time
 * and answered in the inputs' order; the usage is the sum of the calls' token counts.
 */
@Component
public class TitanEmbedAdapter implements EmbeddingAdapter {

    @Override
    public ModelFamily family() {
        return ModelFamily.TITAN_EMBED;
    }

    /**
     * One text's body. Vectors are asked for unit-normalised (Titan's default, said explicitly) because OpenAI's
     * embeddings are, and callers compare them by dot product; the input type has no Titan counterpart.
     */
    public ObjectNode requestBody(String input, EmbeddingRequest request) {
        ObjectNode body = NativeJson.object().put("inputText", input);
        if (request.dimensions() != null) {
            body.put("dimensions", request.dimensions());
        }
        return body.put("normalize", true);
    }

    /** One call's vector and token count; the body's count wins, the header stands in when it is missing. */
    public Embedded parseResponse(JsonNode body, InvokeResult result, ModelSpec model) {
        float[] vector = NativeJson.vector(body.path("embedding"),
                "Model " + model.alias() + " answered without an embedding");
        return new Embedded(vector,
                NativeJson.tokenCount(body.path("inputTextTokenCount"), result.headerUsage().inputTokens()));
    }

    @Override
    public Mono<EmbeddingResult> embed(EmbeddingRequest request, ModelSpec model, InvokeCall call) {
        return Flux.fromIterable(request.inputs())
                .flatMapSequential(input -> Mono.fromSupplier(() -> NativeJson.bytes(requestBody(input, request)))
                        .flatMap(call::invoke)
                        .map(result -> parseResponse(NativeJson.read(result.body(), model), result, model)),
                        CONCURRENT_CALLS)
                .collectList()
                .map(TitanEmbedAdapter::result);
    }

    private static EmbeddingResult result(List<Embedded> calls) {
        int tokens = calls.stream().mapToInt(Embedded::inputTokens).sum();
        return new EmbeddingResult(calls.stream().map(Embedded::vector).toList(), new Usage(tokens, 0));
    }

    /** What one call answered. */
    public record Embedded(float[] vector, int inputTokens) {
    }
}
