package dev.bedrockgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The comparison the fidelity tests rest on must catch each kind of difference, or they could not fail. */
class DocumentedBodyTest {

    private static final String DOCUMENTED = """
            {"prompt": "hi", "max_tokens": 512, "temperature": 0.5, "stop": ["END"], "nested": {"k": 250.0}}""";

    @Test
    void acceptsTheDocumentedBodyWithAFloatFieldWrittenAsAnInteger() {
        JsonNode actual = json("""
                {"nested": {"k": 250}, "stop": ["END"], "temperature": 0.5, "max_tokens": 512, "prompt": "hi"}""");

        DocumentedBody.assertMatches(actual, DOCUMENTED);
    }

    @Test
    void namesAMissingFieldAnExtraFieldAndAWrongType() {
        JsonNode actual = json("""
                {"prompt": "hi", "max_tokens": 512.0, "stop": "END", "nested": {"k": 250, "p": 1}, "top_k": 5}""");

        assertThat(DocumentedBody.differences(actual, DOCUMENTED)).containsExactlyInAnyOrder(
                "$.max_tokens: documented as the int 512, the adapter wrote 512.0",
                "$.temperature: missing",
                "$.stop: documented [\"END\"], the adapter wrote \"END\"",
                "$.nested.p: not in AWS's documented body (the adapter wrote 1)",
                "$.top_k: not in AWS's documented body (the adapter wrote 5)");
        assertThatThrownBy(() -> DocumentedBody.assertMatches(actual, DOCUMENTED)).isInstanceOf(AssertionError.class);
    }

    @Test
    void namesADifferentValue() {
        JsonNode actual = json("""
                {"prompt": "hi!", "max_tokens": 512, "temperature": 0.7, "stop": ["END"], "nested": {"k": 250}}""");

        assertThat(DocumentedBody.differences(actual, DOCUMENTED)).containsExactlyInAnyOrder(
                "$.prompt: documented \"hi\", the adapter wrote \"hi!\"",
                "$.temperature: documented as the float 0.5, the adapter wrote 0.7");
    }

    private static JsonNode json(String text) {
        return NativeJson.MAPPER.readTree(text);
    }
}
