package dev.bedrockgateway.openai;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.ResponseFormat;
import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.ResponseFormats;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's response formats (structured outputs), read into the canonical one. Chat completions nest the schema
 * ({@code response_format: {"type":"json_schema","json_schema":{"name","schema","strict"}}}); the Responses API
 * flattens it ({@code text.format: {"type":"json_schema","name","schema","strict"}}). Field names from
 * https://platform.openai.com/docs/api-reference/chat/create and
 * https://platform.openai.com/docs/api-reference/responses/create.
 */
final class ResponseFormatWire {

    private ResponseFormatWire() {
    }

    /** Chat completions' {@code response_format}; null for plain text. */
    static ResponseFormat chat(JsonNode format) {
        return read("response_format", format, true);
    }

    /** The Responses API's {@code text.format}; null for plain text. */
    static ResponseFormat responses(JsonNode format) {
        return read("text.format", format, false);
    }

    /** @param nested whether a json_schema format holds its schema in a {@code json_schema} object */
    private static ResponseFormat read(String field, JsonNode format, boolean nested) {
        if (format == null || format.isNull() || format.isMissingNode()) {
            return null;
        }
        if (!format.isObject()) {
            throw GatewayException.invalid(field, field + " must be an object with a type, got "
                    + RequestChecks.nodeType(format));
        }
        String type = RequestChecks.stringField(field, format, "type");
        return switch (type) {
            case "text" -> null;
            case "json_object" -> ResponseFormat.jsonObject();
            case "json_schema" -> {
                String schemaField = nested ? field + ".json_schema" : field;
                JsonNode schema = nested ? format.get("json_schema") : format;
                if (schema == null || !schema.isObject()) {
                    throw GatewayException.invalid(schemaField, schemaField + " is required: an object with name,"
                            + " schema and strict");
                }
                JsonNode strict = schema.path("strict");
                if (!strict.isMissingNode() && !strict.isNull() && !strict.isBoolean()) {
                    throw GatewayException.invalid(schemaField + ".strict", schemaField + ".strict must be true or"
                            + " false");
                }
                JsonNode name = schema.get("name");
                yield ResponseFormats.schema(schemaField, name != null && name.isString() ? name.stringValue() : null,
                        schema.get("schema"), strict.asBoolean(false));
            }
            default -> throw GatewayException.invalid(field + ".type", field + ".type '" + type
                    + "' is not one of: text, json_object, json_schema");
        };
    }
}
