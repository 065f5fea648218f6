package dev.bedrockgateway.openai;

import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.ServedEmbeddings;
import dev.bedrockgateway.openai.CreateEmbeddingResponse.EmbeddingData;
import dev.bedrockgateway.openai.CreateEmbeddingResponse.EmbeddingUsage;
import dev.bedrockgateway.core.EmbeddingInputType;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.RequestMetadata;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Maps OpenAI embedding requests to the canonical embedding request and its vectors back to OpenAI's answer. */
public final class Embeddings {

    static final String FLOAT = "float";
    static final String BASE64 = "base64";

    private Embeddings() {
    }

    public static EmbeddingRequest toCanonical(CreateEmbeddingRequest body) {
        List<String> inputs = inputs(body.input());
        if (body.encodingFormat() != null && !FLOAT.equals(body.encodingFormat())
                && !BASE64.equals(body.encodingFormat())) {
            throw GatewayException.invalid("encoding_format", "encoding_format '" + body.encodingFormat()
                    + "' is not one of: float, base64");
        }
        RequestChecks.positive("dimensions", body.dimensions());
        EmbeddingInputType inputType = body.inputType() == null ? null
                : EmbeddingInputType.fromWire("input_type", body.inputType());
        ModelChoice choice = ModelChoice.of(body.model(), false);
        return new EmbeddingRequest(inputs, body.dimensions(), inputType, choice.model(), choice.route(),
                new RequestMetadata(body.user(), Map.of()));
    }

    /** A string or a list of strings; token ids are OpenAI's tokenizer's, which no Bedrock model reads. */
    static List<String> inputs(JsonNode input) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw GatewayException.invalid("input", "input is required: a string or a list of strings");
        }
        if (input.isString()) {
            if (input.stringValue().isEmpty()) {
                throw GatewayException.invalid("input", "input is an empty string; send text to embed");
            }
            return List.of(input.stringValue());
        }
        if (!input.isArray()) {
            throw GatewayException.invalid("input", "input must be a string or a list of strings, got "
                    + RequestChecks.nodeType(input));
        }
        List<String> inputs = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (item.isIntegralNumber() || item.isArray()) {
                throw GatewayException.invalid("input", "input holds token ids; send text instead: Bedrock's embedding"
                        + " models read text, not OpenAI's token ids");
            }
            if (!item.isString()) {
                throw GatewayException.invalid("input[" + i + "]", "input[" + i + "] must be a string, got "
                        + RequestChecks.nodeType(item));
            }
            inputs.add(item.stringValue());
        }
        return RequestChecks.embeddingInputs("input", inputs);
    }

    public static CreateEmbeddingResponse answer(ServedEmbeddings served, String encodingFormat) {
        boolean base64 = BASE64.equals(encodingFormat);
        List<float[]> vectors = served.dispatch().result().vectors();
        List<EmbeddingData> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            data.add(new EmbeddingData("embedding", i, base64 ? base64(vectors.get(i)) : vectors.get(i)));
        }
        int tokens = served.dispatch().result().usage().inputTokens();
        return new CreateEmbeddingResponse("list", data, served.dispatch().model().alias(),
                new EmbeddingUsage(tokens, tokens), GatewayDetails.of(served));
    }

    /** OpenAI's base64 form: the vector's float32 values, little-endian, one after the other. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
