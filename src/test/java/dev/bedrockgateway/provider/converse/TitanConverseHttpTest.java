package dev.bedrockgateway.provider.converse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.GatewayHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Titan Text request with everything Titan refuses through Converse (a system prompt, top_k, stop sequences other
 * than "User:"), over real HTTP through the gateway to the emulator, which refuses what Bedrock refuses. The rules:
 * https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html (no system
 * prompts for Amazon Titan), https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html (no
 * top-k), https://github.com/boto/boto3/issues/3993 (one stop sequence matching ^(\|+|User:)$).
 */
class TitanConverseHttpTest extends GatewayHttpTest {

    @Test
    void titanAnswersARequestWithSystemPromptTopKAndStopSequences() throws Exception {
        Answer answer = post("/v1/generate", """
                {"model":"titan-text-express","system":"Answer like a pirate.","prompt":"Hello there",
                 "parameters":{"max_tokens":100,"top_k":40,"stop":["END","User:"]}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("model").asString()).isEqualTo("amazon.titan-text-express-v1");
        // the system prompt reached the model, folded in front of the user's text
        assertThat(json.at("/output/text").asString()).contains("Answer like a pirate. Hello there");
        assertThat(json.at("/usage/input_tokens").asInt()).isEqualTo(6);
        assertThat(emulator.calls("amazon.titan-text-express-v1")).isEqualTo(1);
    }

    @Test
    void titanStreamsARequestWithSystemPromptTopKAndStopSequences() throws Exception {
        Answer answer = post("/v1/generate", """
                {"model":"titan-text-express","system":"Answer like a pirate.","prompt":"Hello there","stream":true,
                 "parameters":{"top_k":40,"stop":["END"]}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("event:end").contains("pirate.").doesNotContain("event:error");
    }
}
