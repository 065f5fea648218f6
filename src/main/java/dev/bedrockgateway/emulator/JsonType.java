package dev.bedrockgateway.emulator;

import tools.jackson.databind.JsonNode;

/** JSON value types as Bedrock's schema validator names them in its messages ("expected type: String, found: Integer"). */
enum JsonType {
    STRING("String"),
    INTEGER("Integer"),
    NUMBER("Number"),
    BOOLEAN("Boolean"),
    ARRAY("JSONArray"),
    OBJECT("JSONObject"),
    /** Any JSON value, for fields passed through unexamined. */
    ANY("any");

    private final String schemaName;

    JsonType(String schemaName) {
        this.schemaName = schemaName;
    }

    String schemaName() {
        return schemaName;
    }

    boolean matches(JsonNode node) {
        return switch (this) {
            case STRING -> node.isString();
            // 2.0 is an integer to a JSON schema validator; 2.5 is not
            case INTEGER -> node.isIntegralNumber() || (node.isNumber() && node.canConvertToExactIntegral());
            case NUMBER -> node.isNumber();
            case BOOLEAN -> node.isBoolean();
            case ARRAY -> node.isArray();
            case OBJECT -> node.isObject();
            case ANY -> true;
        };
    }

    /** How the validator names the type it found. */
    static String nameOf(JsonNode node) {
        if (node.isString()) {
            return "String";
        }
        if (node.isIntegralNumber()) {
            return "Integer";
        }
        if (node.isNumber()) {
            return "BigDecimal";
        }
        if (node.isBoolean()) {
            return "Boolean";
        }
        if (node.isArray()) {
            return "JSONArray";
        }
        if (node.isObject()) {
            return "JSONObject";
        }
        return "Null";
    }
}
