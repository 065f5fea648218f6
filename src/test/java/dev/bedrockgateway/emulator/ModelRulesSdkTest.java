package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * What Bedrock refuses per model, through the real AWS SDK: the Converse features of AWS's table, each model's own
 * fields and limits, unknown model ids, context windows, and the native limits of SDXL and Command R.
 */
class ModelRulesSdkTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    private static final String TITAN = BedrockEmulatorSdkTest.TITAN;
    private static final String COMMAND_R = BedrockEmulatorSdkTest.COHERE;
    private static final String LLAMA = BedrockEmulatorSdkTest.LLAMA;

    private static ConverseRequest.Builder hello(String modelId) {
        return ConverseRequest.builder().modelId(modelId)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hello")).build());
    }

    private static String refusal(ConverseRequest.Builder request) {
        BedrockRuntimeException e = failure(running.client().converse(request.build()));
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        return e.awsErrorDetails().errorMessage();
    }

    private static String invokeRefusal(String modelId, String json) {
        BedrockRuntimeException e = failure(running.client().invokeModel(invokeRequest(modelId, json)));
        assertThat(e).isInstanceOf(ValidationException.class);
        return e.awsErrorDetails().errorMessage();
    }

    private static Document topK(String name, double value) {
        return Document.mapBuilder().putNumber(name, value).build();
    }

    /**
     * Titan takes no system prompt through Converse (AWS's table,
     * https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html,
     * column "System prompts"); Bedrock's words as its SDK surfaces them.
     */
    @Test
    void refusesASystemPromptForTitan() {
        assertThat(refusal(hello(TITAN).system(SystemContentBlock.fromText("Be brief."))))
                .isEqualTo("This model doesn't support system messages. Try again without a system message or use a"
                        + " model that supports system messages.");
    }

    /** The gateway's old Converse body for Titan, system prompt and top_k both, is refused as Bedrock refuses it. */
    @Test
    void refusesTheOldTitanBodyWithSystemAndTopK() {
        assertThat(refusal(hello(TITAN).system(SystemContentBlock.fromText("Be brief."))
                .additionalModelRequestFields(topK("top_k", 40))))
                .isEqualTo(ConverseEmulation.NO_SYSTEM_MESSAGES);
    }

    /**
     * Titan has no top-k (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html);
     * Bedrock answers an unknown additional field with the model's schema error, prefixed as Converse prefixes model
     * errors.
     */
    @Test
    void refusesTopKForTitanAsAnExtraneousKey() {
        assertThat(refusal(hello(TITAN).additionalModelRequestFields(topK("top_k", 40))))
                .isEqualTo("The model returned the following errors: Malformed input request: #: extraneous key"
                        + " [top_k] is not permitted, please reformat your input and try again.");
    }

    /** Llama has no top-k either: https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html */
    @Test
    void refusesTopKForLlama() {
        assertThat(refusal(hello(LLAMA).additionalModelRequestFields(topK("top_k", 40))))
                .contains("extraneous key [top_k] is not permitted");
    }

    /**
     * Mistral Large's chat-completion parameters have no top_k
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html).
     */
    @Test
    void refusesTopKForMistralLarge() {
        assertThat(refusal(hello(BedrockEmulatorSdkTest.MISTRAL).additionalModelRequestFields(topK("top_k", 40))))
                .contains("extraneous key [top_k] is not permitted");
    }

    /**
     * Command R calls it k, a float from 0 to 500
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html).
     */
    @Test
    void takesKButNotTopKForCommandR() {
        assertThat(refusal(hello(COMMAND_R).additionalModelRequestFields(topK("top_k", 40))))
                .contains("extraneous key [top_k] is not permitted");
        ConverseResponse answer = running.client().converse(hello(COMMAND_R)
                .additionalModelRequestFields(topK("k", 40.5)).build()).join();
        assertThat(answer.output().message().content().get(0).text()).isNotBlank();
    }

    /**
     * Titan takes one stop sequence, "User:" or a run of "|", through Converse too (Bedrock's message as reported in
     * https://github.com/boto/boto3/issues/3993).
     */
    @Test
    void refusesTitanStopSequencesOutsideItsPattern() {
        assertThat(refusal(hello(TITAN).inferenceConfig(InferenceConfiguration.builder().stopSequences("END").build())))
                .isEqualTo("The model returned the following errors: Malformed input request: string [END] does not"
                        + " match pattern ^(\\|+|User:)$, please reformat your input and try again.");
        assertThat(refusal(hello(TITAN).inferenceConfig(InferenceConfiguration.builder()
                .stopSequences("User:", "|").build())))
                .isEqualTo("The model returned the following errors: Malformed input request: expected maximum item"
                        + " count: 1, found: 2, please reformat your input and try again.");
        ConverseResponse answer = running.client().converse(hello(TITAN)
                .inferenceConfig(InferenceConfiguration.builder().stopSequences("User:").build()).build()).join();
        assertThat(answer.stopReason()).isIn(StopReason.END_TURN, StopReason.STOP_SEQUENCE);
    }

    /** The same rule on Titan's own InvokeModel body, without Converse's prefix. */
    @Test
    void refusesTitanStopSequencesOnInvokeModel() {
        assertThat(invokeRefusal(TITAN, "{\"inputText\":\"hi\",\"textGenerationConfig\":{\"stopSequences\":[\"END\"]}}"))
                .isEqualTo("Malformed input request: string [END] does not match pattern ^(\\|+|User:)$, please"
                        + " reformat your input and try again.");
    }

    /**
     * An id Bedrock does not serve is refused on both operations as a ValidationException, in Bedrock's words
     * (reported against Bedrock in https://github.com/Kilo-Org/kilocode/issues/586).
     */
    @Test
    void refusesAModelIdBedrockDoesNotServe() {
        assertThat(refusal(hello("openai.gpt-9-v1:0"))).isEqualTo("The provided model identifier is invalid.");
        assertThat(refusal(hello("acme.chat-model-v1:0"))).isEqualTo("The provided model identifier is invalid.");
        assertThat(invokeRefusal("acme.chat-model-v1:0", "{\"prompt\":\"hi\"}"))
                .isEqualTo("The provided model identifier is invalid.");
    }

    /**
     * maxTokens over the model's own ceiling (Titan Text Express 8,192:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html; Llama 2,048:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html), in the words Bedrock gave for
     * Titan through Converse (https://github.com/aws-samples/generative-ai-use-cases/issues/594).
     */
    @Test
    void refusesMaxTokensAboveTheModelsLimit() {
        assertThat(refusal(hello(TITAN).inferenceConfig(InferenceConfiguration.builder().maxTokens(8193).build())))
                .isEqualTo("The maximum tokens you requested exceeds the model limit of 8192. Try again with a maximum"
                        + " tokens value that is lower than 8192.");
        assertThat(refusal(hello(LLAMA).inferenceConfig(InferenceConfiguration.builder().maxTokens(2049).build())))
                .isEqualTo("The maximum tokens you requested exceeds the model limit of 2048. Try again with a maximum"
                        + " tokens value that is lower than 2048.");
        assertThat(running.client().converse(hello(TITAN)
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(8192).build()).build()).join().usage()
                .inputTokens()).isPositive();
    }

    /**
     * A prompt over the context window (Titan Text Express 8K:
     * https://docs.aws.amazon.com/bedrock/latest/userguide/titan-text-models.html) gets Bedrock's "Input is too long
     * for requested model." (as reported in https://github.com/aws-samples/bedrock-chat/issues/95); the emulator
     * counts words as tokens.
     */
    @Test
    void refusesAPromptOverTheContextWindow() {
        String tooLong = "word ".repeat(8_193);
        assertThat(refusal(ConverseRequest.builder().modelId(TITAN).messages(Message.builder()
                .role(ConversationRole.USER).content(ContentBlock.fromText(tooLong)).build())))
                .isEqualTo("Input is too long for requested model.");
        assertThat(invokeRefusal(LLAMA, "{\"prompt\":\"" + tooLong + "\"}"))
                .isEqualTo("Input is too long for requested model.");
    }

    /**
     * SDXL's prompt text is at most 2,000 characters
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-1-0-text-image.html).
     */
    @Test
    void refusesAnSdxlPromptOverTwoThousandCharacters() {
        String prompt = "a".repeat(2_001);
        assertThat(invokeRefusal(BedrockEmulatorSdkTest.SDXL, "{\"text_prompts\":[{\"text\":\"" + prompt + "\"}]}"))
                .isEqualTo("Malformed input request: #/text_prompts/0/text: expected maxLength: 2000, actual: 2001,"
                        + " please reformat your input and try again.");
        String exactly = "a".repeat(2_000);
        assertThat(running.client().invokeModel(invokeRequest(BedrockEmulatorSdkTest.SDXL,
                "{\"text_prompts\":[{\"text\":\"" + exactly + "\"}]}")).join().body().asUtf8String()).contains("artifacts");
    }

    /**
     * Command R's max_tokens stops at 4,000 and k is a float
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html).
     */
    @Test
    void holdsCommandRToItsDocumentedRanges() {
        assertThat(invokeRefusal(COMMAND_R, "{\"message\":\"hi\",\"max_tokens\":4001}"))
                .contains("#/max_tokens: 4001 is not less or equal to 4000");
        String answer = running.client().invokeModel(invokeRequest(COMMAND_R,
                "{\"message\":\"hi\",\"max_tokens\":4000,\"k\":12.5}")).join().body().asUtf8String();
        assertThat(answer).contains("\"text\"");
    }

    /** Command R's answer carries its counts in meta.billed_units, as Cohere's API does. */
    @Test
    void answersCommandRWithBilledUnits() {
        JsonNode answer = EmulatorJson.MAPPER.readTree(running.client().invokeModel(invokeRequest(COMMAND_R,
                "{\"message\":\"one two three\"}")).join().body().asUtf8String());
        assertThat(answer.at("/meta/billed_units/input_tokens").asInt()).isEqualTo(3);
        assertThat(answer.at("/meta/billed_units/output_tokens").asInt()).isPositive();
        assertThat(List.of(answer.at("/meta/tokens/input_tokens").asInt())).containsExactly(3);
    }
}
