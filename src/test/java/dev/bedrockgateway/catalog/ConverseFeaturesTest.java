package dev.bedrockgateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The defaults by model id, against AWS's Converse table
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html) and
 * each family's parameter page for the top-k field.
 */
class ConverseFeaturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "null", value = {
            "amazon.titan-text-express-v1,               false, true,  null",
            "amazon.titan-text-premier-v1:0,             false, false, null",
            "amazon.nova-micro-v1:0,                     true,  false, inferenceConfig.topK",
            "amazon.nova-pro-v1:0,                       true,  true,  inferenceConfig.topK",
            "anthropic.claude-3-haiku-20240307-v1:0,     true,  true,  top_k",
            "mistral.mistral-large-2407-v1:0,            true,  true,  null",
            "mistral.mixtral-8x7b-instruct-v0:1,         true,  true,  top_k",
            "cohere.command-r-plus-v1:0,                 true,  true,  k",
            "meta.llama3-8b-instruct-v1:0,               true,  true,  null",
            "ai21.jamba-instruct-v1:0,                   true,  false, null",
            "ai21.jamba-1-5-large-v1:0,                  true,  true,  null",
            "writer.palmyra-x5-v1:0,                     true,  true,  null"})
    void defaultsFollowTheTable(String id, boolean systemPrompt, boolean documents, String topKField) {
        ConverseFeatures features = ConverseFeatures.defaultFor(id);

        assertThat(features.systemPrompt()).isEqualTo(systemPrompt);
        assertThat(features.documents()).isEqualTo(documents);
        assertThat(features.topKField()).isEqualTo(topKField);
    }

    /** Titan: one stop sequence, "User:" or a run of "|" (https://github.com/boto/boto3/issues/3993). */
    @Test
    void titanTakesTheFirstStopSequenceItsPatternAllows() {
        ConverseFeatures titan = ConverseFeatures.defaultFor("amazon.titan-text-lite-v1");

        assertThat(titan.acceptedStopSequences(List.of("\n\n", "||", "User:"))).containsExactly("||");
        assertThat(titan.acceptedStopSequences(List.of("END"))).isEmpty();
        assertThat(ConverseFeatures.defaultFor("anthropic.claude-3-haiku-20240307-v1:0")
                .acceptedStopSequences(List.of("END"))).containsExactly("END");
    }
}
