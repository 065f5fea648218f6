package dev.bedrockgateway.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.EmbeddingInputType;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.EmbeddingResult;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.DocumentedBody;
import dev.bedrockgateway.provider.NativeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Cohere Embed v3 adapter against AWS's description of its body, not against our goldens.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html: request
 * {@code {"input_type": "search_document|search_query|classification|clustering|image", "texts": [string], "images",
 * "truncate": "NONE|START|END", "embedding_types"}}, where {@code truncate} defaults to END ("Discards the end of the
 * input") and NONE "Returns an error when the input exceeds the maximum input token length"; the page's example sends
 * the texts "hello world" and "this is a test" as search_document. Response {@code {"embeddings": [[1024 floats]],
 * "id": string, "response_type": "embeddings_floats", "texts": [string]}}; the token count only in Bedrock's header.
 */
class CohereEmbedFidelityTest {

    private static final ModelSpec COHERE = new ModelSpec("cohere-embed-english-v3", "cohere.embed-english-v3",
            ModelFamily.COHERE_EMBED, "cohere", Task.EMBED, false, 512, 4096, Price.FREE);

    private final CohereEmbedAdapter adapter = new CohereEmbedAdapter();

    /**
     * The adapter means a text over the model's limit to fail, as OpenAI's embeddings do, rather than be embedded cut
     * short; with Bedrock's default (END) it would be cut silently, so the body must say NONE.
     */
    @Test
    void thePagesExampleIsSentWithTruncateNone() {
        EmbeddingRequest request = new EmbeddingRequest(List.of("hello world", "this is a test"), null,
                EmbeddingInputType.SEARCH_DOCUMENT, null, null, RequestMetadata.NONE);

        DocumentedBody.assertMatches(adapter.requestBody(request.inputs(), request), """
                {"texts": ["hello world", "this is a test"], "input_type": "search_document", "truncate": "NONE"}""");
    }

    @Test
    void aQueryIsSentAsSearchQuery() {
        EmbeddingRequest request = new EmbeddingRequest(List.of("where do emperor penguins live?"), null,
                EmbeddingInputType.SEARCH_QUERY, null, null, RequestMetadata.NONE);

        DocumentedBody.assertMatches(adapter.requestBody(request.inputs(), request), """
                {"texts": ["where do emperor penguins live?"], "input_type": "search_query", "truncate": "NONE"}""");
    }

    @Test
    void readsTheDocumentedResponseWithTheCountFromTheHeader() {
        EmbeddingResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"embeddings": [[0.016, -0.021, 0.048], [-0.004, 0.032, 0.011]],
                 "id": "7b7c2f3e-9d1a-4c55-8f0e-3f1e2d4c5b6a", "response_type": "embeddings_floats",
                 "texts": ["hello world", "this is a test"]}"""), new InvokeResult(new byte[0], 7, null), COHERE, 2);

        assertThat(result.vectors()).hasSize(2);
        assertThat(result.vectors().get(0)).containsExactly(0.016f, -0.021f, 0.048f);
        assertThat(result.vectors().get(1)).containsExactly(-0.004f, 0.032f, 0.011f);
        assertThat(result.usage()).isEqualTo(new Usage(7, 0));
    }
}
