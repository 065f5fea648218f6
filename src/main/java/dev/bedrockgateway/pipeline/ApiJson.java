package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.core.GatewayException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
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

    /**
     * The most unknown fields {@link #readIgnoringUnknown} skips in one body: each costs one more binding of the
     * body's tree, and a client sends a few fields newer than the gateway, not hundreds.
     */
    private static final int MAX_IGNORED_FIELDS = 64;

    private static final Map<Class<?>, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(String.class, "a string"), Map.entry(Integer.class, "an integer"),
            Map.entry(int.class, "an integer"), Map.entry(Long.class, "an integer"),
            Map.entry(long.class, "an integer"),
            Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"),
            Map.entry(Boolean.class, "true or false"), Map.entry(boolean.class, "true or false"),
            Map.entry(List.class, "a list"), Map.entry(Map.class, "an object"));

    private ApiJson() {
    }

    /**
     * A body read leniently: the value, and the fields skipped because the record does not know them.
     *
     * @param ignored the skipped fields as the caller wrote them ({@code messages[0].cache_control}), in the order
     *                binding met them
     */
    public record Lenient<T>(T value, List<String> ignored) {
    }

    /** Reads a request body; a body that does not parse becomes a 400 naming where and why. */
    public static <T> T read(byte[] body, Class<T> type) {
        refuseNonObject(body);
        return bound(() -> MAPPER.readValue(body, type));
    }

    /**
     * Reads a request body as {@link #read} does, but skips fields the record does not know and says which. The body
     * is read as a tree and bound again without each unknown field that binding finds: Jackson's own skipping of
     * unknown properties does not tell where in the body they were.
     */
    public static <T> Lenient<T> readIgnoringUnknown(byte[] body, Class<T> type) {
        refuseNonObject(body);
        List<String> ignored = new ArrayList<>();
        T value = bound(() -> {
            JsonNode tree = MAPPER.readTree(body);
            while (true) {
                try {
                    return MAPPER.treeToValue(tree, type);
                } catch (UnrecognizedPropertyException e) {
                    if (ignored.size() == MAX_IGNORED_FIELDS) {
                        throw e;
                    }
                    ignored.add(path(e));
                    remove(tree, e.getPath());
                }
            }
        });
        return new Lenient<>(value, List.copyOf(ignored));
    }

    /** Takes the field a binding error points at out of the tree. */
    private static void remove(JsonNode tree, List<JacksonException.Reference> path) {
        JsonNode parent = tree;
        for (JacksonException.Reference step : path.subList(0, path.size() - 1)) {
            parent = step.getPropertyName() != null ? parent.get(step.getPropertyName()) : parent.get(step.getIndex());
        }
        ((ObjectNode) parent).remove(path.get(path.size() - 1).getPropertyName());
    }

    /** Binds a body, turning Jackson's errors into 400s that name the field, the type expected and the type given. */
    private static <T> T bound(Supplier<T> binding) {
        try {
            return binding.get();
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw GatewayException.invalid(path, "Unknown field '" + path + "'");
        } catch (MismatchedInputException e) {
            String path = path(e);
            if (path.isEmpty()) {
                throw GatewayException.invalid("The request body must be a JSON object");
            }
            String given = e.getCurrentToken() == null ? "" : ", got " + tokenName(e.getCurrentToken());
            throw GatewayException.invalid(path, "Field '" + path + "' must be " + expected(e.getTargetType())
                    + given);
        } catch (InputCoercionException e) {
            // A number too large for its field: Jackson calls it a stream error, but the JSON itself is sound.
            String path = path(e);
            if (path.isEmpty() && e.processor() != null) {
                path = path(e.processor().streamReadContext());
            }
            throw GatewayException.invalid(path.isEmpty() ? null : path, "Field '" + path + "' is out of range: "
                    + range(e.getTargetType()));
        } catch (StreamReadException e) {
            TokenStreamLocation where = e.getLocation();
            String firstLine = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw GatewayException.invalid("Malformed JSON" + (where == null ? "" : " at line " + where.getLineNr()
                    + ", column " + where.getColumnNr()) + ": " + firstLine);
        } catch (JacksonException e) {
            String path = path(e);
            throw GatewayException.invalid(path.isEmpty() ? null : path, "Invalid JSON"
                    + (path.isEmpty() ? "" : " in field '" + path + "'") + ": "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        }
    }

    /**
     * Every body of the API is a JSON object. Looked at before binding because Jackson binds {@code null} to a null
     * record (which the controllers would answer with an empty 200 or a NullPointerException) and reports the other
     * non-objects without saying what was sent.
     */
    private static void refuseNonObject(byte[] body) {
        int first = 0;
        while (body != null && first < body.length && isJsonWhitespace(body[first])) {
            first++;
        }
        if (body == null || first == body.length) {
            throw GatewayException.invalid("The request body is empty; send a JSON object");
        }
        String given = switch (body[first]) {
            case '{' -> null;
            case '[' -> "a list";
            case '"' -> "a string";
            case 'n' -> "null";
            case 't' -> "true";
            case 'f' -> "false";
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
            default -> null; // not JSON at all: Jackson says where it breaks
        };
        if (given != null) {
            throw GatewayException.invalid("The request body must be a JSON object, got " + given);
        }
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        String name = TYPE_NAMES.get(type);
        if (name != null) {
            return name;
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    private static String tokenName(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String range(Class<?> type) {
        if (type == Long.class || type == long.class) {
            return "it must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Integer.class || type == int.class) {
            return "it must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        return "the number does not fit " + expected(type);
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

    /** A parser's position as the caller writes it: JSON pointer {@code /messages/0/content} to messages[0].content. */
    private static String path(TokenStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (String step : context.pathAsPointer().toString().split("/")) {
            if (step.isEmpty()) {
                continue;
            }
            if (step.chars().allMatch(Character::isDigit)) {
                path.append('[').append(step).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(step.replace("~1", "/").replace("~0", "~"));
            }
        }
        return path.toString();
    }

}
