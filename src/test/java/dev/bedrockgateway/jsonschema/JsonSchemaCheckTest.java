package dev.bedrockgateway.jsonschema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A caller's JSON Schema: refused when it is not one, and what an answer breaks, named by where. */
class JsonSchemaCheckTest {

    private static final Map<String, Object> CITY = Map.of("type", "object",
            "properties", Map.of("name", Map.of("type", "string", "maxLength", 5),
                    "population", Map.of("type", "integer", "minimum", 0)),
            "required", List.of("name", "population"), "additionalProperties", false);

    @Test
    void findsNothingWrongWithAnAnswerThatMeetsTheSchema() {
        assertThat(JsonSchemaCheck.of(CITY).violations("{\"name\":\"Oslo\",\"population\":709000}")).isEmpty();
    }

    @Test
    void namesWhereAnAnswerBreaksTheSchema() {
        assertThat(JsonSchemaCheck.of(CITY).violations("{\"name\":\"Trondheim\",\"population\":-1,\"x\":1}"))
                .hasSize(3)
                .anySatisfy(message -> assertThat(message).startsWith("/name: "))
                .anySatisfy(message -> assertThat(message).startsWith("/population: "))
                .anySatisfy(message -> assertThat(message).startsWith("/: ").contains("x"));
        assertThat(JsonSchemaCheck.of(CITY).violations("{\"name\":")).containsExactly("the answer is not JSON");
    }

    @Test
    void refusesWhatIsNotJsonSchema() {
        assertThatThrownBy(() -> JsonSchemaCheck.of(Map.of("type", "objekt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/type");
        assertThatThrownBy(() -> JsonSchemaCheck.of(Map.of("type", "object", "required", "name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/required");
    }

    /** Nothing outside the schema is read: no URL is fetched, no file or classpath resource opened. */
    @ParameterizedTest
    @ValueSource(strings = {"classpath:application.yml", "http://127.0.0.1:9/schema.json", "file:///etc/passwd"})
    void refusesReferencesOutsideTheSchema(String reference) {
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", reference)));

        assertThatThrownBy(() -> JsonSchemaCheck.of(schema)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not allowed to be loaded");
    }

    @Test
    void followsReferencesWithinTheSchema() {
        JsonSchemaCheck check = JsonSchemaCheck.of(Map.of("type", "object",
                "$defs", Map.of("short", Map.of("type", "string", "maxLength", 2)),
                "properties", Map.of("code", Map.of("$ref", "#/$defs/short"))));

        assertThat(check.violations("{\"code\":\"NO\"}")).isEmpty();
        assertThat(check.violations("{\"code\":\"NOR\"}")).singleElement().asString().startsWith("/code: ");
    }
}
