package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Parameters;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A family's numeric request fields as data: for each one the caller's name, the family's name, the range the family
 * documents, and what to do with a value outside it. Only renames and bounds live here; logic stays in the adapter.
 *
 * <p>Each row says its policy ({@link OutOfRange}) because the right answer differs by field: a sampling parameter a
 * fallback carries from one family to another is clamped, a value whose change would silently give the caller a
 * different result than asked for is rejected.
 *
 * @param rows one row per field the family accepts; a field the table does not name is dropped
 * @param <S>  the canonical record the values come from ({@link Parameters}, an image request's options)
 */
public record ParameterTable<S>(List<Row<S>> rows) {

    /** No bound on that side of the range. */
    public static final double UNBOUNDED = Double.POSITIVE_INFINITY;

    public ParameterTable {
        rows = List.copyOf(rows);
    }

    @SafeVarargs
    public static <S> ParameterTable<S> of(Row<S>... rows) {
        return new ParameterTable<>(List.of(rows));
    }

    /** A field whose out-of-range values are held to the nearest bound. */
    public static <S> Row<S> clamp(Field<S> field, String nativeName, double min, double max) {
        return new Row<>(field, nativeName, min, max, OutOfRange.CLAMP);
    }

    /** A field whose out-of-range values fail the request with a 400 naming the field. */
    public static <S> Row<S> reject(Field<S> field, String nativeName, double min, double max) {
        return new Row<>(field, nativeName, min, max, OutOfRange.REJECT);
    }

    /** Writes every field the source sets into the body under its native name; unset fields stay absent. */
    public ObjectNode writeTo(ObjectNode body, S source, ModelSpec model) {
        for (Row<S> row : rows) {
            Number value = row.read(source, model);
            if (value instanceof Integer i) {
                body.put(row.nativeName(), i);
            } else if (value instanceof Long l) {
                body.put(row.nativeName(), l);
            } else if (value != null) {
                body.put(row.nativeName(), value.doubleValue());
            }
        }
        return body;
    }

    /** Stop sequences are only renamed: written as an array when the caller sent any, else left out. */
    public static ObjectNode writeStop(ObjectNode body, String nativeName, List<String> stop) {
        if (!stop.isEmpty()) {
            ArrayNode sequences = body.putArray(nativeName);
            stop.forEach(sequences::add);
        }
        return body;
    }

    /** What a row does with a value outside its range. */
    public enum OutOfRange {
        /**
         * Hold the value to the nearest bound. The request was valid for the gateway, and a fallback from one family
         * to another must not fail only because the second documents a narrower range (top_p 1.0 is fine for Llama,
         * Cohere's p stops at 0.99).
         */
        CLAMP,
        /** Fail with INVALID_REQUEST naming the field, before Bedrock can answer with a bare ValidationException. */
        REJECT
    }

    /**
     * A canonical field: its name as the caller wrote it (for error messages) and how to read it.
     *
     * @param name        the field as the caller wrote it ("parameters.temperature", "image.steps")
     * @param reader      reads the value; null means "the model's default"
     * @param outputLimit whether it is the output-token limit, which clamping also holds to the catalog's
     *                    {@link ModelSpec#maxOutputTokens()}, since an operator may set that below what the family allows
     */
    public record Field<S>(String name, Function<S, ? extends Number> reader, boolean outputLimit) {

        public static final Field<Parameters> MAX_TOKENS =
                new Field<>("parameters.max_tokens", Parameters::maxTokens, true);
        public static final Field<Parameters> TEMPERATURE = new Field<>("parameters.temperature", Parameters::temperature);
        public static final Field<Parameters> TOP_P = new Field<>("parameters.top_p", Parameters::topP);
        public static final Field<Parameters> TOP_K = new Field<>("parameters.top_k", Parameters::topK);
        public static final Field<Parameters> SEED = new Field<>("seed", Parameters::seed);

        public Field(String name, Function<S, ? extends Number> reader) {
            this(name, reader, false);
        }
    }

    /**
     * One row of the table.
     *
     * @param field      the canonical field
     * @param nativeName the field in the family's native body
     * @param min        the smallest value the family documents, or -{@link #UNBOUNDED}
     * @param max        the largest value the family documents, or {@link #UNBOUNDED}
     * @param outOfRange what a value outside [min, max] does
     */
    public record Row<S>(Field<S> field, String nativeName, double min, double max, OutOfRange outOfRange) {

        /**
         * The source's value after the range policy, of the same type as read (integers stay integers), or null when
         * the caller left it unset. Only a clamping row holds the output-token limit to the catalog's; a rejecting
         * row passes a larger value on for Bedrock to judge.
         *
         * @throws GatewayException INVALID_REQUEST when a rejecting row's value is outside the range
         */
        public Number read(S source, ModelSpec model) {
            Number value = field.reader().apply(source);
            if (value == null) {
                return null;
            }
            double number = value.doubleValue();
            if (outOfRange == OutOfRange.REJECT) {
                if (Double.isNaN(number) || number < min || number > max) {
                    throw GatewayException.invalid(field.name() + " must be " + range() + " for " + model.alias()
                            + ", got " + value);
                }
                return value;
            }
            double upper = field.outputLimit() ? Math.min(max, model.maxOutputTokens()) : max;
            double clamped = Math.max(min, Math.min(upper, number));
            if (value instanceof Integer) {
                return (int) clamped;
            }
            if (value instanceof Long) {
                return (long) clamped;
            }
            return clamped;
        }

        private String range() {
            if (min != -UNBOUNDED && max != UNBOUNDED) {
                return "between " + plain(min) + " and " + plain(max);
            }
            return min != -UNBOUNDED ? plain(min) + " or more" : plain(max) + " or less";
        }

        private static String plain(double bound) {
            return bound == Math.rint(bound) && Math.abs(bound) < 1e15 ? Long.toString((long) bound)
                    : Double.toString(bound);
        }
    }
}
