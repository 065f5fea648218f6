package dev.bedrockgateway.provider.cohere;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingInputType;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.EmbeddingAdapter;
import dev.bedrockgateway.provider.InvokeCall;
import dev.bedrockgateway.provider.NativeJson;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cohere Embed v3: {@code {"texts","input_type"}} → {@code {"id","embeddings":[[...]],"texts","response_type":
 * "embeddings_floats"}}. Texts go in batches of at most {@value #MAX_TEXTS_PER_CALL}, answered in the inputs' order.
 * The body has no token count: it comes from the {@code X-Amzn-Bedrock-Input-Token-Count} header of each call.
 */
@Component
public class CohereEmbedAdapter implements EmbeddingAdapter {

    /** Bedrock's documented limit of texts per Cohere Embed call. */
    static final int MAX_TEXTS_PER_CALL = 96;

    /**
     * input_type is required by v3. Without the caller's word, the texts are taken as documents to index: the common
     * case, and a query embedded as a document still finds its documents, only less well.
     */
    static final EmbeddingInputType DEFAULT_INPUT_TYPE = EmbeddingInputType.SEARCH_DOCUMENT;

    private static final String FLOATS = "embeddings_floats";

    @Override
    public ModelFamily family() {
        return ModelFamily.COHERE_EMBED;
    }

    /**
     * One batch's body. truncate is NONE, so a text over the model's limit fails, as OpenAI's do: Bedrock's default,
     * END, would embed it cut short without a word (AWS "Cohere Embed v3" page).
     */
    public ObjectNode requestBody(List<String> texts, EmbeddingRequest request) {
        ObjectNode body = NativeJson.object();
        ArrayNode array = body.putArray("texts");
        texts.forEach(array::add);
        EmbeddingInputType type = request.inputType() != null ? request.inputType() : DEFAULT_INPUT_TYPE;
        return body.put("input_type", type.wireName()).put("truncate", "NONE");
    }

    /** One batch's vectors, which must be one per text it sent; the tokens come from the call's header. */
    public EmbeddingResult parseResponse(JsonNode body, InvokeResult result, ModelSpec model, int texts) {
        JsonNode embeddings = body.path("embeddings");
        if (!FLOATS.equals(body.path("response_type").asString(FLOATS)) || !embeddings.isArray()
                || embeddings.size() != texts) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "Model " + model.alias() + " answered "
                    + embeddings.size() + " float embeddings for " + texts + " texts");
        }
        List<float[]> vectors = new ArrayList<>(texts);
        for (JsonNode embedding : embeddings) {
            vectors.add(NativeJson.vector(embedding, "Model " + model.alias() + " answered an embedding that is not"
                    + " a list of numbers"));
        }
        return new EmbeddingResult(vectors, new Usage(result.headerUsage().inputTokens(), 0));
    }

    @Override
    public Mono<EmbeddingResult> embed(EmbeddingRequest request, ModelSpec model, InvokeCall call) {
        return Flux.fromIterable(batches(request.inputs()))
                .flatMapSequential(texts -> Mono.fromSupplier(() -> NativeJson.bytes(requestBody(texts, request)))
                        .flatMap(call::invoke)
                        .map(result -> parseResponse(NativeJson.read(result.body(), model), result, model,
                                texts.size())),
                        CONCURRENT_CALLS)
                .collectList()
                .map(CohereEmbedAdapter::joined);
    }

    static List<List<String>> batches(List<String> inputs) {
        List<List<String>> batches = new ArrayList<>();
        for (int start = 0; start < inputs.size(); start += MAX_TEXTS_PER_CALL) {
            batches.add(inputs.subList(start, Math.min(inputs.size(), start + MAX_TEXTS_PER_CALL)));
        }
        return batches;
    }

    private static EmbeddingResult joined(List<EmbeddingResult> batches) {
        List<float[]> vectors = new ArrayList<>();
        int tokens = 0;
        for (EmbeddingResult batch : batches) {
            vectors.addAll(batch.vectors());
            tokens += batch.usage().inputTokens();
        }
        return new EmbeddingResult(vectors, new Usage(tokens, 0));
    }
}
