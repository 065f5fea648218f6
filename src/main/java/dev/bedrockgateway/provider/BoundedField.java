package dev.bedrockgateway.provider;

import dev.bedrockgateway.core.GatewayException;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * One numeric request field whose mapping is only a rename and a range: the caller's name for it, the family's
 * name for it, and the bounds the family documents. Adapters list these as tables, so a range is checked here
 * with a 400 that names the field instead of coming back from Bedrock as a ValidationException.
 *
 * @param name       the field as the caller wrote it ("parameters.temperature", "image.steps")
 * @param nativeName the field in the family's native body
 * @param min        the smallest accepted value, or null for no lower bound
 * @param max        the largest accepted value, or null for no upper bound
 * @param reader     reads the value from the canonical source; null means "the model's default"
 * @param <S>        the canonical record the value comes from
 */
public record BoundedField<S>(String name, String nativeName, Double min, Double max,
                              Function<S, ? extends Number> reader) {

    /**
     * The source's value after the range check, or null when the caller left it unset.
     *
     * @throws GatewayException INVALID_REQUEST when the value is outside the range
     */
    public Number read(S source, String modelName) {
        Number value = reader.apply(source);
        if (value == null) {
            return null;
        }
        double number = value.doubleValue();
        if (Double.isNaN(number) || (min != null && number < min) || (max != null && number > max)) {
            throw GatewayException.invalid(name + " must be " + range() + " for " + modelName + ", got " + value);
        }
        return value;
    }

    /** Writes the checked value into the body under the native name, keeping integers integers; unset stays absent. */
    public void copy(S source, ObjectNode body, String modelName) {
        Number value = read(source, modelName);
        if (value instanceof Integer i) {
            body.put(nativeName, i);
        } else if (value instanceof Long l) {
            body.put(nativeName, l);
        } else if (value != null) {
            body.put(nativeName, value.doubleValue());
        }
    }

    private String range() {
        if (min != null && max != null) {
            return "between " + plain(min) + " and " + plain(max);
        }
        return min != null ? plain(min) + " or more" : plain(max) + " or less";
    }

    private static String plain(double bound) {
        return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound) : Double.toString(bound);
    }
}
