package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.Parameters;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A family's sampling parameters as data: for each canonical parameter the family accepts, its native field name and
 * the range the family documents. Only renames and bounds live here; anything that needs logic stays in the adapter.
 *
 * <p>Values outside the range are clamped rather than rejected: the caller's request was valid for the gateway, and
 * a fallback from one family to another must not fail only because the second documents a narrower range
 * (top_p 1.0 is fine for Llama, Cohere's p stops at 0.99). A canonical parameter the table does not name is dropped.
 *
 * @param rows one row per canonical parameter the family accepts
 */
public record ParameterTable(List<Row> rows) {

    public ParameterTable {
        rows = List.copyOf(rows);
    }

    public static ParameterTable of(Row... rows) {
        return new ParameterTable(List.of(rows));
    }

    /** A canonical parameter mapped to a native number field and clamped to [min, max]. */
    public static Row bounded(Canonical canonical, String nativeName, double min, double max) {
        return new Row(canonical, nativeName, min, max);
    }

    /** A canonical parameter that is only renamed (the stop sequences). */
    public static Row renamed(Canonical canonical, String nativeName) {
        return new Row(canonical, nativeName, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * Writes every parameter the request sets into the native body; unset ones (null, or no stop sequences) are left
     * out so the model's own default applies. The output-token limit is also held to the catalog's
     * {@link ModelSpec#maxOutputTokens()}, which an operator may set below what the family allows.
     */
    public ObjectNode writeTo(ObjectNode body, Parameters parameters, ModelSpec model) {
        for (Row row : rows) {
            if (row.canonical() == Canonical.STOP) {
                writeStop(body, row.nativeName(), parameters.stop());
                continue;
            }
            Number value = row.canonical().value(parameters);
            if (value == null) {
                continue;
            }
            double max = row.canonical() == Canonical.MAX_TOKENS ? Math.min(row.max(), model.maxOutputTokens()) : row.max();
            double clamped = Math.max(row.min(), Math.min(max, value.doubleValue()));
            if (row.canonical().integral()) {
                body.put(row.nativeName(), (int) clamped);
            } else {
                body.put(row.nativeName(), clamped);
            }
        }
        return body;
    }

    private static void writeStop(ObjectNode body, String nativeName, List<String> stop) {
        if (stop.isEmpty()) {
            return;
        }
        ArrayNode sequences = body.putArray(nativeName);
        stop.forEach(sequences::add);
    }

    /** The canonical parameters a table can map, each read from {@link Parameters}. */
    public enum Canonical {
        MAX_TOKENS(Parameters::maxTokens, true),
        TEMPERATURE(Parameters::temperature, false),
        TOP_P(Parameters::topP, false),
        TOP_K(Parameters::topK, true),
        STOP(parameters -> null, false);

        private final Function<Parameters, Number> value;
        private final boolean integral;

        Canonical(Function<Parameters, Number> value, boolean integral) {
            this.value = value;
            this.integral = integral;
        }

        Number value(Parameters parameters) {
            return value.apply(parameters);
        }

        boolean integral() {
            return integral;
        }
    }

    /**
     * One row of the table.
     *
     * @param canonical  the gateway's parameter
     * @param nativeName the family's field name
     * @param min        the smallest value the family documents
     * @param max        the largest value the family documents
     */
    public record Row(Canonical canonical, String nativeName, double min, double max) {
    }
}
