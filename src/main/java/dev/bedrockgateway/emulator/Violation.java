package dev.bedrockgateway.emulator;

import java.util.List;

/**
 * One way a request body breaks its family's rules, kept structured so it can be worded
 * the way InvokeModel's schema validator words it or the way Converse's constraint checks do.
 *
 * @param path     JSON property names and array indexes from the root to the offending value's parent or value
 * @param kind     what is wrong
 * @param subject  the key (for key problems), the value's text (for value problems), or a free message for {@link Kind#INVALID}
 * @param expected the bound, the allowed values or the expected type, as text
 */
record Violation(List<String> path, Kind kind, String subject, String expected) {

    /** What is wrong. */
    enum Kind {
        EXTRANEOUS_KEY,
        REQUIRED_KEY,
        WRONG_TYPE,
        ABOVE_MAXIMUM,
        BELOW_MINIMUM,
        NOT_IN_ENUM,
        TOO_FEW_ITEMS,
        /** A rule that is logic, not schema: subject is the whole message. */
        INVALID
    }

    Violation {
        path = List.copyOf(path);
    }

    /** Bedrock's InvokeModel wording (a JSON-schema validator): "#/temperature: 1.5 is not less or equal to 1". */
    String schemaWording() {
        String pointer = path.isEmpty() ? "#" : "#/" + String.join("/", path);
        return switch (kind) {
            case EXTRANEOUS_KEY -> pointer + ": extraneous key [" + subject + "] is not permitted";
            case REQUIRED_KEY -> pointer + ": required key [" + subject + "] not found";
            case WRONG_TYPE -> pointer + ": expected type: " + expected + ", found: " + subject;
            case ABOVE_MAXIMUM -> pointer + ": " + subject + " is not less or equal to " + expected;
            case BELOW_MINIMUM -> pointer + ": " + subject + " is not greater or equal to " + expected;
            case NOT_IN_ENUM -> pointer + ": " + subject + " is not a valid enum value";
            case TOO_FEW_ITEMS -> pointer + ": expected minimum item count: " + expected + ", found: " + subject;
            case INVALID -> pointer + ": " + subject;
        };
    }

    /**
     * A path as AWS's constraint messages write it: a list item by its 1-based position, then "member"
     * ("messages.1.member.role" for the first message's role).
     */
    static String memberPath(List<String> path) {
        StringBuilder dotted = new StringBuilder();
        for (String step : path) {
            if (!dotted.isEmpty()) {
                dotted.append('.');
            }
            boolean index = !step.isEmpty() && step.chars().allMatch(Character::isDigit);
            dotted.append(index ? (Integer.parseInt(step) + 1) + ".member" : step);
        }
        return dotted.toString();
    }

    /** AWS's constraint wording used by Converse: "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: ...". */
    String constraintWording() {
        String dotted = memberPath(path);
        String keyPath = dotted.isEmpty() ? subject : dotted + "." + subject;
        return switch (kind) {
            case EXTRANEOUS_KEY -> "Value at '" + keyPath + "' failed to satisfy constraint: Member is not a known field";
            case REQUIRED_KEY -> "Value null at '" + keyPath + "' failed to satisfy constraint: Member must not be null";
            case WRONG_TYPE -> "The format of the value at " + dotted + " is invalid";
            case ABOVE_MAXIMUM -> "Value '" + subject + "' at '" + dotted
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + expected;
            case BELOW_MINIMUM -> "Value '" + subject + "' at '" + dotted
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + expected;
            case NOT_IN_ENUM -> "Value '" + subject + "' at '" + dotted
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + expected;
            case TOO_FEW_ITEMS -> "Value at '" + dotted
                    + "' failed to satisfy constraint: Member must have length greater than or equal to " + expected;
            case INVALID -> subject;
        };
    }
}
