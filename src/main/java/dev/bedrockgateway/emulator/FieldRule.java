package dev.bedrockgateway.emulator;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one property of a native request body may hold: its JSON types, whether it is required,
 * numeric bounds, allowed values, and the rules of nested objects or array items.
 * The families' tables of these rules are data, checked against the AWS model-parameter pages.
 *
 * @param name         property name
 * @param types        allowed JSON types
 * @param required     whether the property must be present
 * @param min          lowest allowed number, or null
 * @param max          highest allowed number, or null
 * @param allowed      allowed values (of the value, or of each item of an array), or empty for any
 * @param minItems     fewest array items
 * @param itemTypes    allowed JSON types of array items, or empty for any
 * @param nested       rules of the properties of an object value (or of each object item of an array), or null
 */
record FieldRule(
        String name,
        Set<JsonType> types,
        boolean required,
        Double min,
        Double max,
        List<String> allowed,
        int minItems,
        Set<JsonType> itemTypes,
        BodySchema nested) {

    FieldRule {
        types = Set.copyOf(types);
        allowed = List.copyOf(allowed);
        itemTypes = itemTypes.isEmpty() ? Set.of() : Set.copyOf(itemTypes);
    }

    static FieldRule required(String name, JsonType first, JsonType... more) {
        return new FieldRule(name, EnumSet.of(first, more), true, null, null, List.of(), 0, Set.of(), null);
    }

    static FieldRule optional(String name, JsonType first, JsonType... more) {
        return new FieldRule(name, EnumSet.of(first, more), false, null, null, List.of(), 0, Set.of(), null);
    }

    FieldRule range(double low, double high) {
        return new FieldRule(name, types, required, low, high, allowed, minItems, itemTypes, nested);
    }

    FieldRule atLeast(double low) {
        return new FieldRule(name, types, required, low, max, allowed, minItems, itemTypes, nested);
    }

    FieldRule oneOf(String... values) {
        return new FieldRule(name, types, required, min, max, List.of(values), minItems, itemTypes, nested);
    }

    FieldRule minItems(int count) {
        return new FieldRule(name, types, required, min, max, allowed, count, itemTypes, nested);
    }

    FieldRule items(JsonType first, JsonType... more) {
        return new FieldRule(name, types, required, min, max, allowed, minItems, EnumSet.of(first, more), nested);
    }

    FieldRule nested(BodySchema schema) {
        return new FieldRule(name, types, required, min, max, allowed, minItems, itemTypes, schema);
    }
}
