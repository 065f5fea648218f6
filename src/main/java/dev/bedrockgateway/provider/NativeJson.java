package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
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

    /** Merges the request's {@code provider_options} into the native body; they win over mapped fields. */
    public static ObjectNode withOptions(ObjectNode body, GenerationRequest request) {
        if (!request.providerOptions().isEmpty()) {
            body.setAll((ObjectNode) MAPPER.valueToTree(request.providerOptions()));
        }
        return body;
    }
}
