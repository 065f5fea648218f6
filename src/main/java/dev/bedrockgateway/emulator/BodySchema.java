package dev.bedrockgateway.emulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The rules of one JSON object: its known properties (anything else is an extraneous key, as Bedrock's
 * schemas have {@code additionalProperties: false}), their types, bounds and nested rules.
 */
record BodySchema(Map<String, FieldRule> fields, boolean openEnded) {

    BodySchema {
        fields = Map.copyOf(fields);
    }

    static BodySchema of(FieldRule... rules) {
        Map<String, FieldRule> byName = new LinkedHashMap<>();
        for (FieldRule rule : rules) {
            byName.put(rule.name(), rule);
        }
        return new BodySchema(byName, false);
    }

    /** The same rules, but unknown properties are let through (for objects Bedrock passes on to the model). */
    BodySchema allowingOtherKeys() {
        return new BodySchema(fields, true);
    }

    /** Checks {@code node} (found at {@code path}) against these rules, adding what is wrong to {@code violations}. */
    /** Checks a whole request body and fails with Bedrock's "Malformed input request" if anything is wrong. */
    void validate(JsonNode body) {
        Violations violations = new Violations();
        check(body, List.of(), violations);
        violations.throwAsMalformedInput();
    }

    void check(JsonNode node, List<String> path, Violations violations) {
        if (!node.isObject()) {
            violations.add(path, Violation.Kind.WRONG_TYPE, JsonType.nameOf(node), JsonType.OBJECT.schemaName());
            return;
        }
        for (String key : node.propertyNames()) {
            if (!openEnded && !fields.containsKey(key)) {
                violations.add(path, Violation.Kind.EXTRANEOUS_KEY, key, "");
            }
        }
        for (FieldRule rule : fields.values()) {
            JsonNode value = node.get(rule.name());
            if (value == null || value.isNull()) {
                if (rule.required()) {
                    violations.add(path, Violation.Kind.REQUIRED_KEY, rule.name(), "");
                }
                continue;
            }
            checkValue(rule, value, append(path, rule.name()), violations);
        }
    }

    private static void checkValue(FieldRule rule, JsonNode value, List<String> path, Violations violations) {
        if (rule.types().stream().noneMatch(type -> type.matches(value))) {
            violations.add(path, Violation.Kind.WRONG_TYPE, JsonType.nameOf(value), typeNames(rule));
            return;
        }
        if (value.isNumber()) {
            checkBounds(rule, value, path, violations);
        }
        // an enum of numbers (Titan's dimensions) is matched by the number's text
        checkAllowed(rule, value, path, violations);
        if (value.isArray()) {
            checkItems(rule, value, path, violations);
        }
        if (value.isObject() && rule.nested() != null) {
            rule.nested().check(value, path, violations);
        }
    }

    private static void checkBounds(FieldRule rule, JsonNode value, List<String> path, Violations violations) {
        BigDecimal number = value.decimalValue();
        if (rule.max() != null && number.compareTo(BigDecimal.valueOf(rule.max())) > 0) {
            violations.add(path, Violation.Kind.ABOVE_MAXIMUM, value.toString(), bound(rule.max()));
        }
        if (rule.min() != null && number.compareTo(BigDecimal.valueOf(rule.min())) < 0) {
            violations.add(path, Violation.Kind.BELOW_MINIMUM, value.toString(), bound(rule.min()));
        }
    }

    private static void checkItems(FieldRule rule, JsonNode array, List<String> path, Violations violations) {
        if (array.size() < rule.minItems()) {
            violations.add(path, Violation.Kind.TOO_FEW_ITEMS, Integer.toString(array.size()), Integer.toString(rule.minItems()));
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            List<String> itemPath = append(path, Integer.toString(i));
            if (!rule.itemTypes().isEmpty() && rule.itemTypes().stream().noneMatch(type -> type.matches(item))) {
                String expected = rule.itemTypes().stream().map(JsonType::schemaName).sorted().collect(Collectors.joining(" or "));
                violations.add(itemPath, Violation.Kind.WRONG_TYPE, JsonType.nameOf(item), expected);
            } else if (rule.nested() != null && item.isObject()) {
                rule.nested().check(item, itemPath, violations);
            } else {
                checkAllowed(rule, item, itemPath, violations);
            }
        }
    }

    /**
     * A value, or an array's item, against the rule's allowed values; an enum of numbers (Titan's dimensions) is
     * matched by the number's text.
     */
    private static void checkAllowed(FieldRule rule, JsonNode value, List<String> path, Violations violations) {
        if ((value.isString() || value.isIntegralNumber()) && !rule.allowed().isEmpty()
                && !rule.allowed().contains(value.asString())) {
            violations.add(path, Violation.Kind.NOT_IN_ENUM, value.asString(), rule.allowed().toString());
        }
    }

    private static String typeNames(FieldRule rule) {
        return rule.types().stream().map(JsonType::schemaName).sorted().collect(Collectors.joining(" or "));
    }

    /** 1.0 prints as "1", as Bedrock prints its bounds. */
    static String bound(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    static List<String> append(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }
}
