package dev.bedrockgateway.api;

import dev.bedrockgateway.core.GatewayException;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON of the gateway's own API: strict on the way in (an unknown field or a value of the wrong type is a
 * 400 that names the field, never silently ignored or coerced), plain on the way out.
 */
public final class ApiJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // Costs are tiny: 0.00000015, never 1.5E-7, so every JSON reader shows them the same way.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    private static final Map<Class<?>, String> TYPE_NAMES = Map.of(
            String.class, "a string", Integer.class, "an integer", Long.class, "an integer",
            Double.class, "a number", Boolean.class, "true or false", List.class, "a list", Map.class, "an object");

    private ApiJson() {
    }

    /** Reads a request body; a body that does not parse becomes a 400 naming where and why. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw GatewayException.invalid("The request body is empty; send a JSON object");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw GatewayException.invalid("Unknown field '" + path(e) + "'");
        } catch (MismatchedInputException e) {
            String path = path(e);
            String expected = TYPE_NAMES.getOrDefault(e.getTargetType(), "of another type");
            if (path.isEmpty()) {
                throw GatewayException.invalid("The request body must be a JSON object");
            }
            throw GatewayException.invalid("Field '" + path + "' must be " + expected);
        } catch (StreamReadException e) {
            TokenStreamLocation where = e.getLocation();
            String firstLine = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw GatewayException.invalid("Malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + firstLine);
        } catch (JacksonException e) {
            String path = path(e);
            throw GatewayException.invalid("Invalid JSON" + (path.isEmpty() ? "" : " in field '" + path + "'") + ": "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        }
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** The field path of a binding error, as a caller writes it: {@code messages[1].content}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
