package dev.bedrockgateway.jsonschema;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A caller's JSON Schema, compiled once: whether it is a valid schema at all, and whether an answer meets it.
 * Schemas are read as draft 2020-12, the dialect OpenAI's structured outputs and Bedrock's tool input schemas are
 * written in; a schema may name another draft in {@code $schema}.
 */
public final class JsonSchemaCheck {

    /** The dialect's own meta-schema, which the library carries, so checking a schema fetches nothing. */
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    /** At most this many violations are named in a message: enough to fix the first ones, short enough to read. */
    private static final int MAX_REPORTED = 5;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /**
     * Loads no schema but the dialect's own, which the library carries: a caller's {@code $ref} to a URL or a
     * classpath resource must not make the gateway fetch or read anything.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaLoader(loader -> loader.allow(JsonSchemaCheck::bundled)));
    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(META_SCHEMA));

    private final Schema schema;

    private JsonSchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /**
     * Compiles a schema.
     *
     * @throws IllegalArgumentException naming what is wrong, when it is not a valid JSON Schema
     */
    public static JsonSchemaCheck of(Map<String, Object> schema) {
        JsonNode tree = MAPPER.valueToTree(schema);
        List<String> errors = messages(META.validate(tree));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        try {
            Schema compiled = REGISTRY.getSchema(tree);
            // now, not at the first answer: a $ref that leads nowhere is the caller's mistake
            compiled.initializeValidators();
            return new JsonSchemaCheck(compiled);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() != null ? e.getMessage()
                    : "it cannot be compiled (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static boolean bundled(AbsoluteIri iri) {
        return iri.toString().startsWith("https://json-schema.org/");
    }

    /**
     * What is wrong with a JSON text measured against the schema: empty when it meets it.
     *
     * @param json the answer's text
     */
    public List<String> violations(String json) {
        JsonNode answer;
        try {
            answer = MAPPER.readTree(json);
        } catch (JacksonException e) {
            return List.of("the answer is not JSON");
        }
        try {
            return messages(schema.validate(answer));
        } catch (RuntimeException e) {
            return List.of("the schema could not be applied: " + e.getMessage());
        }
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().limit(MAX_REPORTED).map(JsonSchemaCheck::message).toList();
    }

    /** Where in the answer (a JSON pointer, "/" for the whole of it) and what is wrong there. */
    private static String message(Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        return (location.isEmpty() ? "/" : location) + ": " + error.getMessage();
    }
}
