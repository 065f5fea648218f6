package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Usage;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON of Bedrock's native bodies: one shared mapper, and the steps every InvokeModel adapter takes. */
public final class NativeJson {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private NativeJson() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Parses a model's answer; a body that is not JSON is an upstream failure, not the caller's. */
    public static JsonNode read(byte[] body, ModelSpec model) {
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR,
                    "Model " + model.alias() + " answered with malformed JSON", null, e);
        }
    }

    /**
     * The answer's main text.
     *
     * @param missing the detail of the UPSTREAM_ERROR thrown when the node is not a string
     */
    public static String text(JsonNode node, String missing) {
        if (!node.isString()) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, missing);
        }
        return node.stringValue();
    }

    /**
     * An embedding vector: a non-empty array of numbers.
     *
     * @param missing the detail of the UPSTREAM_ERROR thrown when the node is anything else
     */
    public static float[] vector(JsonNode node, String missing) {
        if (!node.isArray() || node.isEmpty()) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, missing);
        }
        float[] vector = new float[node.size()];
        for (int i = 0; i < vector.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isNumber()) {
                throw new GatewayException(ErrorKind.UPSTREAM_ERROR, missing);
            }
            vector[i] = value.floatValue();
        }
        return vector;
    }

    /**
     * The family's stop reason through its table. A missing, null or unknown reason is read as a natural stop: the
     * text is there and complete as far as we know, only the reason is new to us.
     */
    public static FinishReason finishReason(JsonNode reason, Map<String, FinishReason> known) {
        return reason.isString() ? known.getOrDefault(reason.stringValue(), FinishReason.STOP) : FinishReason.STOP;
    }

    /**
     * The counts in the body, each else the one Bedrock put in its token-count response header (0 when that is absent
     * too): the body is the model's own word, the headers are there for families, or answers, that leave it out.
     */
    public static Usage usage(JsonNode inputInBody, JsonNode outputInBody, InvokeResult result) {
        Usage headers = result.headerUsage();
        return new Usage(tokenCount(inputInBody, headers.inputTokens()),
                tokenCount(outputInBody, headers.outputTokens()));
    }

    /** One count from the body, else {@code inHeader}. */
    public static int tokenCount(JsonNode inBody, int inHeader) {
        return inBody.isIntegralNumber() ? inBody.intValue() : inHeader;
    }

    /** Merges the request's {@code provider_options} into the native body; they win over mapped fields. */
    public static ObjectNode withOptions(ObjectNode body, GenerationRequest request) {
        if (!request.providerOptions().isEmpty()) {
            body.setAll((ObjectNode) MAPPER.valueToTree(request.providerOptions()));
        }
        return body;
    }
}
