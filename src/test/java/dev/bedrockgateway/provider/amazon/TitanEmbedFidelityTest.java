package dev.bedrockgateway.provider.amazon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.provider.DocumentedBody;
import dev.bedrockgateway.provider.NativeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Titan Text Embeddings v2 adapter against AWS's description of its body, not against our goldens.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html (V2 Request
 * and V2 Response): request {@code {"inputText": string, "dimensions": int, "normalize": boolean, "embeddingTypes":
 * list}}, inputText required, dimensions one of 1024 (default), 512, 256, normalize defaulting to true; response
 * {@code {"embedding": [float, ...], "inputTextTokenCount": int, "embeddingsByType": {"float": [float, ...]}}}.
 */
class TitanEmbedFidelityTest {

    private static final ModelSpec TITAN = new ModelSpec("titan-embed-text-v2", "amazon.titan-embed-text-v2:0",
            ModelFamily.TITAN_EMBED, "amazon", Task.EMBED, false, 8192, 0, Price.FREE);

    private final TitanEmbedAdapter adapter = new TitanEmbedAdapter();

    @Test
    void aTextWithDimensionsIsTheDocumentedBody() {
        EmbeddingRequest request = new EmbeddingRequest(List.of("The quick brown fox."), 512, null, null, null,
                RequestMetadata.NONE);

        DocumentedBody.assertMatches(adapter.requestBody("The quick brown fox.", request), """
                {"inputText": "The quick brown fox.", "dimensions": 512, "normalize": true}""");
    }

    @Test
    void withoutDimensionsOnlyTheRequiredTextAndNormalizeAreSent() {
        EmbeddingRequest request = new EmbeddingRequest(List.of("The quick brown fox."), null, null, null, null,
                RequestMetadata.NONE);

        DocumentedBody.assertMatches(adapter.requestBody("The quick brown fox.", request), """
                {"inputText": "The quick brown fox.", "normalize": true}""");
    }

    @Test
    void readsTheDocumentedResponse() {
        TitanEmbedAdapter.Embedded embedded = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"embedding": [0.012, -0.034, 0.056], "inputTextTokenCount": 6,
                 "embeddingsByType": {"float": [0.012, -0.034, 0.056]}}"""),
                new InvokeResult(new byte[0], null, null), TITAN);

        assertThat(embedded.vector()).containsExactly(0.012f, -0.034f, 0.056f);
        assertThat(embedded.inputTokens()).isEqualTo(6);
    }
}
