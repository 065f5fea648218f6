package dev.bedrockgateway.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The violations found in one request body, thrown as one Bedrock {@code ValidationException}. */
final class Violations {

    private final List<Violation> found = new ArrayList<>();

    void add(Violation violation) {
        found.add(violation);
    }

    void add(List<String> path, Violation.Kind kind, String subject, String expected) {
        found.add(new Violation(path, kind, subject, expected));
    }

    void invalid(List<String> path, String message) {
        found.add(new Violation(path, Violation.Kind.INVALID, message, ""));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<Violation> all() {
        return List.copyOf(found);
    }

    /**
     * Throws InvokeModel's message. Bedrock runs the model's JSON schema and concatenates every
     * violation: "Malformed input request: #: extraneous key [a] is not permitted#: required key [b] not found,
     * please reformat your input and try again."
     */
    void throwAsMalformedInput() {
        throwAsMalformedInput("");
    }

    /** The same message after a prefix (Converse puts "The model returned the following errors: " before it). */
    void throwAsMalformedInput(String prefix) {
        if (found.isEmpty()) {
            return;
        }
        String joined = found.stream().map(Violation::schemaWording).collect(Collectors.joining());
        throw BedrockError.validation(prefix + "Malformed input request: " + joined
                + ", please reformat your input and try again.");
    }

    /** Throws Converse's message: "1 validation error detected: Value '1.5' at 'inferenceConfig.temperature' failed ...". */
    void throwAsConstraintErrors() {
        if (found.isEmpty()) {
            return;
        }
        // a rule that is logic (alternation, unsupported model) is its own whole message on Bedrock
        if (found.get(0).kind() == Violation.Kind.INVALID) {
            throw BedrockError.validation(found.get(0).subject());
        }
        String joined = found.stream().map(Violation::constraintWording).collect(Collectors.joining("; "));
        int count = found.size();
        throw BedrockError.validation(count + " validation error" + (count == 1 ? "" : "s") + " detected: " + joined);
    }
}
