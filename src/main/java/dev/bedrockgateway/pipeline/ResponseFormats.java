package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.ResponseFormat;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.jsonschema.JsonSchemaCheck;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The checks every API applies to a requested response format (structured outputs), so each refuses the same
 * schemas for the same reasons, naming the fields as its caller wrote them.
 */
public final class ResponseFormats {

    /**
     * A format's name becomes the name of the tool Bedrock is made to call, which Converse limits to
     * {@code [a-zA-Z0-9_-]+}, at most 64 characters (ToolSpecification.name in the Bedrock API reference); OpenAI
     * limits json_schema names the same way.
     */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private ResponseFormats() {
    }

    /**
     * A JSON Schema format, checked: a valid JSON Schema whose root is an object (Bedrock's tool inputs, which carry
     * the answer, are objects).
     *
     * @param field  the caller's name of the format object, for refusals ("response_format.json_schema")
     * @param name   the format's name
     * @param schema the schema as the caller sent it
     * @param strict whether the answer is checked against the schema
     */
    public static ResponseFormat schema(String field, String name, JsonNode schema, boolean strict) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw GatewayException.invalid(field + ".name", field + ".name is required: 1 to 64 letters, digits,"
                    + " '_' or '-'" + (name == null ? "" : ", got '" + name + "'"));
        }
        if (schema == null || !schema.isObject()) {
            throw GatewayException.invalid(field + ".schema", field + ".schema is required: a JSON Schema object");
        }
        if (!"object".equals(schema.path("type").asString(""))) {
            throw GatewayException.invalid(field + ".schema", field + ".schema must describe an object at its root"
                    + " ({\"type\": \"object\", ...}): the answer travels as a tool call's input, which is an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = new LinkedHashMap<>(ApiJson.MAPPER.treeToValue(schema, Map.class));
        try {
            JsonSchemaCheck.of(tree);
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(field + ".schema", field + ".schema is not a valid JSON Schema: "
                    + e.getMessage());
        }
        return new ResponseFormat(name, tree, strict);
    }

    /**
     * Refuses a response format beside the caller's own tools: the format is itself a forced tool call, so the model
     * could call neither of the caller's tools.
     */
    public static void withoutTools(String field, ResponseFormat format, List<ToolDefinition> tools) {
        if (format != null && !tools.isEmpty()) {
            throw GatewayException.invalid(field, field + " cannot be combined with tools on Bedrock: the gateway"
                    + " enforces the format by forcing a tool call of its own; send one or the other");
        }
    }
}
