package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * CountTokens through the real AWS SDK, as Bedrock documents it: a Converse or an InvokeModel input, answered with
 * inputTokens (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html), for Claude
 * models only (https://docs.aws.amazon.com/bedrock/latest/userguide/count-tokens.html), with Bedrock's
 * ValidationException for any other model ("The provided model doesn't support counting tokens.", as
 * https://alchemy.run/providers/aws/bedrock/counttokens quotes it for Nova and cross-region profile ids).
 */
class CountTokensSdkTest {

    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    private static CountTokensInput converseInput(String system, String text) {
        ConverseTokensRequest.Builder converse = ConverseTokensRequest.builder()
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build());
        if (system != null) {
            converse.system(SystemContentBlock.fromText(system));
        }
        return CountTokensInput.fromConverse(converse.build());
    }

    private static int count(String modelId, CountTokensInput input) {
        return running.client().countTokens(CountTokensRequest.builder().modelId(modelId).input(input).build())
                .join().inputTokens();
    }

    @Test
    void countsAConverseInputAsConverseWouldReadIt() {
        int counted = count(HAIKU, converseInput("Be brief", "Name three rivers of Europe"));

        int charged = running.client().converse(request -> request.modelId(HAIKU)
                        .system(SystemContentBlock.fromText("Be brief"))
                        .messages(Message.builder().role(ConversationRole.USER)
                                .content(ContentBlock.fromText("Name three rivers of Europe")).build()))
                .join().usage().inputTokens();
        assertThat(counted).isPositive().isEqualTo(charged);
        assertThat(count(HAIKU, converseInput(null, "Name three rivers of Europe"))).isLessThan(counted);
    }

    @Test
    void countsAnInvokeModelBodyAsInvokeModelWouldReadIt() {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Name three rivers of Europe\"}]}";
        int counted = count(HAIKU, CountTokensInput.fromInvokeModel(InvokeModelTokensRequest.builder()
                .body(SdkBytes.fromUtf8String(body)).build()));

        assertThat(counted).isPositive().isEqualTo(Integer.parseInt(
                SdkClients.header(SdkClients.invoke(running.client(), HAIKU, body), "X-Amzn-Bedrock-Input-Token-Count")));
    }

    @Test
    void refusesAModelBedrockDoesNotCountFor() {
        for (String modelId : new String[] {"meta.llama3-8b-instruct-v1:0", "us." + HAIKU}) {
            BedrockRuntimeException refused = failure(running.client().countTokens(CountTokensRequest.builder()
                    .modelId(modelId).input(converseInput(null, "Hi")).build()));

            assertThat(refused).isInstanceOf(ValidationException.class);
            assertThat(refused.awsErrorDetails().errorMessage())
                    .isEqualTo("The provided model doesn't support counting tokens.");
        }
    }

    @Test
    void validatesTheInputAsTheOperationWould() {
        BedrockRuntimeException refused = failure(running.client().countTokens(CountTokensRequest.builder()
                .modelId(HAIKU).input(CountTokensInput.fromConverse(ConverseTokensRequest.builder()
                        .messages(Message.builder().role(ConversationRole.USER)
                                .content(ContentBlock.fromText(" ")).build()).build())).build()));

        assertThat(refused).isInstanceOf(ValidationException.class);
    }
}
