package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.catalog.ModelFamily;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/** Bodies Bedrock would reject make the SDK throw ValidationException with Bedrock's wording. */
class EmulatorValidationTest {

    static final String OPAQUE_ARN = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123";

    static BedrockEmulator emulator;
    static BedrockRuntimeAsyncClient client;

    @BeforeAll
    static void start() {
        emulator = new BedrockEmulator(EmulatorSettings.defaults().withModelFamily(OPAQUE_ARN, ModelFamily.META)).start();
        client = SdkClients.client(emulator.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        emulator.stop();
    }

    static BedrockRuntimeException rejected(String modelId, String json) {
        BedrockRuntimeException e = failure(client.invokeModel(invokeRequest(modelId, json)));
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        return e;
    }

    /** The message of a Converse call the emulator refuses as a ValidationException (HTTP 400). */
    static String converseRefusal(String modelId, Message... messages) {
        return converseRefusal(ConverseRequest.builder().modelId(modelId).messages(messages));
    }

    static String converseRefusal(ConverseRequest.Builder request) {
        BedrockRuntimeException e = failure(client.converse(request.build()));
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        return message(e);
    }

    static String message(BedrockRuntimeException e) {
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void rejectsAnUnknownFieldAsAnExtraneousKey() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.LLAMA, "{\"prompt\":\"hi\",\"max_tokens\":10}");
        assertThat(message(e)).isEqualTo(
                "Malformed input request: #: extraneous key [max_tokens] is not permitted, please reformat your input and try again.");
    }

    @Test
    void refusesABodyOverBedrocksLimitOfTwentyFiveMillionBytes() {
        String prompt = "a".repeat(BedrockEmulator.MAX_BODY_BYTES);
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.LLAMA, "{\"prompt\":\"" + prompt + "\"}");
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(message(e)).isEqualTo("1 validation error detected: Value at 'body' failed to satisfy constraint: "
                + "Member must have length less than or equal to 25000000");
    }

    @Test
    void rejectsAnOutOfRangeTemperature() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.MISTRAL, "{\"prompt\":\"hi\",\"temperature\":1.5}");
        assertThat(message(e)).isEqualTo(
                "Malformed input request: #/temperature: 1.5 is not less or equal to 1, please reformat your input and try again.");
    }

    @Test
    void reportsEveryViolationAtOnce() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.MISTRAL, "{\"top_k\":0,\"stop\":\"END\"}");
        assertThat(message(e))
                .contains("#: required key [prompt] not found")
                .contains("#/top_k: 0 is not greater or equal to 1")
                .contains("#/stop: expected type: JSONArray, found: String");
    }

    @Test
    void rejectsAWrongJsonType() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.LLAMA, "{\"prompt\":42}");
        assertThat(message(e)).contains("#/prompt: expected type: String, found: Integer");
    }

    @Test
    void rejectsMalformedJson() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.LLAMA, "{\"prompt\":");
        assertThat(message(e)).isEqualTo("Malformed input request, please reformat your input and try again.");
    }

    @Test
    void rejectsCohereChatHistoryRolesOutsideTheEnum() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.COHERE,
                "{\"message\":\"hi\",\"chat_history\":[{\"role\":\"ASSISTANT\",\"message\":\"x\"}],\"p\":1.0}");
        assertThat(message(e))
                .contains("#/chat_history/0/role: ASSISTANT is not a valid enum value")
                .contains("#/p: 1.0 is not less or equal to 0.99");
    }

    @Test
    void rejectsAnSdxlSizeOutsideTheAllowedPairs() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.SDXL,
                "{\"text_prompts\":[{\"text\":\"a cat\"}],\"width\":1000,\"height\":1000}");
        assertThat(message(e)).contains("1000x1000").contains("1024x1024");
    }

    @Test
    void rejectsSdxlStepsAndStylesOutsideTheDocumentedLists() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.SDXL,
                "{\"text_prompts\":[],\"steps\":5,\"style_preset\":\"watercolour\",\"samples\":2}");
        assertThat(message(e))
                .contains("#/text_prompts: expected minimum item count: 1, found: 0")
                .contains("#/steps: 5 is not greater or equal to 10")
                .contains("#/style_preset: watercolour is not a valid enum value")
                .contains("#/samples: 2 is not less or equal to 1");
    }

    @Test
    void rejectsClaudeMessagesThatDoNotAlternate() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.CLAUDE, """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10,
                 "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]}
                """);
        assertThat(message(e)).isEqualTo(
                "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles in a row");
    }

    @Test
    void rejectsClaudeConversationsThatStartWithTheAssistant() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.CLAUDE, """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10,
                 "messages": [{"role": "assistant", "content": "a"}, {"role": "user", "content": "b"}]}
                """);
        assertThat(message(e)).isEqualTo("messages: first message must use the \"user\" role");
    }

    @Test
    void rejectsClaudeWithoutMaxTokensOrWithTheWrongVersion() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.CLAUDE, """
                {"anthropic_version": "2023-06-01", "messages": [{"role": "user", "content": "a"}]}
                """);
        assertThat(message(e))
                .contains("#: required key [max_tokens] not found")
                .contains("#/anthropic_version: 2023-06-01 is not a valid enum value");
    }

    @Test
    void rejectsClaudeMaxTokensAboveTheModelLimit() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.CLAUDE, """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 8192, "messages": [{"role": "user", "content": "a"}]}
                """);
        assertThat(message(e)).contains("exceeds the model limit of 4096");
    }

    @Test
    void acceptsEightThousandTokensFromClaude35Sonnet() {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":8192,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}";
        assertThat(client.invokeModel(invokeRequest("anthropic.claude-3-5-sonnet-20240620-v1:0", body)).join().body().asUtf8String())
                .contains("\"end_turn\"");
    }

    @Test
    void rejectsClaudeImagesWithAnUnsupportedMediaTypeOrBadBase64() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.CLAUDE, """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [{"role": "user", "content": [
                  {"type": "image", "source": {"type": "base64", "media_type": "image/bmp", "data": "AAAA"}},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "not base64!"}},
                  {"type": "video", "text": "x"}]}]}
                """);
        assertThat(message(e))
                .contains("#/messages/0/content/0/source/media_type: image/bmp is not a valid enum value")
                .contains("#/messages/0/content/1/source: image data is not valid base64")
                .contains("#/messages/0/content/2/type: video is not a valid enum value");
    }

    @Test
    void acceptsClaudeToolUseAndForcesTheChosenTool() {
        String body = """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 200,
                 "tools": [{"name": "get_weather", "description": "Weather", "input_schema": {"type": "object",
                            "properties": {"city": {"type": "string"}}, "required": ["city"]}}],
                 "tool_choice": {"type": "tool", "name": "get_weather"},
                 "messages": [{"role": "user", "content": "weather in Paris?"}]}
                """;
        JsonNode answer = EmulatorJson.MAPPER.readTree(
                client.invokeModel(invokeRequest(BedrockEmulatorSdkTest.CLAUDE, body)).join().body().asByteArray());
        // a forced tool: Claude writes no text before the call, and fills the schema's required arguments
        assertThat(answer.get("content")).hasSize(1);
        assertThat(answer.at("/content/0/type").asString()).isEqualTo("tool_use");
        assertThat(answer.at("/content/0/name").asString()).isEqualTo("get_weather");
        assertThat(answer.at("/content/0/input/city").isString()).isTrue();
        assertThat(answer.get("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(answer.at("/usage/output_tokens").asInt()).isPositive();
    }

    @Test
    void rejectsAnOpaqueArnThatIsNotConfigured() {
        BedrockRuntimeException e = rejected("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/unknown", "{\"prompt\":\"hi\"}");
        assertThat(message(e)).isEqualTo("The provided model identifier is invalid.");
    }

    @Test
    void usesTheConfiguredFamilyForAnOpaqueArn() {
        String answer = client.invokeModel(invokeRequest(OPAQUE_ARN, "{\"prompt\":\"hi\"}")).join().body().asUtf8String();
        assertThat(answer).contains("\"generation\"");
    }

    @Test
    void rejectsInvokeModelOnAConverseOnlyModelThatIsNotTitan() {
        BedrockRuntimeException e = rejected("ai21.jamba-1-5-large-v1:0", "{\"messages\":[]}");
        assertThat(message(e)).contains("Converse");
    }

    @Test
    void rejectsTitanBodiesWithWrongConfig() {
        BedrockRuntimeException e = rejected(BedrockEmulatorSdkTest.TITAN,
                "{\"inputText\":\"hi\",\"textGenerationConfig\":{\"stopSequences\":\"x\",\"topK\":3}}");
        assertThat(message(e))
                .contains("#/textGenerationConfig: extraneous key [topK] is not permitted")
                .contains("#/textGenerationConfig/stopSequences: expected type: JSONArray, found: String");
    }

    @Test
    void rejectsConverseTurnsThatDoNotAlternate() {
        assertThat(converseRefusal(BedrockEmulatorSdkTest.TITAN,
                Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("a")).build(),
                Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("b")).build()))
                .isEqualTo("A conversation must alternate between user and assistant roles. "
                + "Make sure the conversation alternates between user and assistant roles and try again.");
    }

    @Test
    void rejectsConverseInferenceConfigOutOfRange() {
        assertThat(converseRefusal(ConverseRequest.builder()
                .modelId(BedrockEmulatorSdkTest.CLAUDE)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("a")).build())
                .inferenceConfig(InferenceConfiguration.builder().temperature(1.5f).maxTokens(0).build())))
                .startsWith("2 validation errors detected: ")
                .contains("Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1")
                .contains("Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
    }

    @Test
    void namesAListItemByItsPositionAndMemberInConverseConstraintErrors() {
        assertThat(converseRefusal(BedrockEmulatorSdkTest.CLAUDE,
                Message.builder().role("bot").content(ContentBlock.fromText("a")).build()))
                .isEqualTo("1 validation error detected: Value 'bot' at 'messages.1.member.role' "
                + "failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
    }

    @Test
    void rejectsAConverseMessageWithoutContent() {
        assertThat(converseRefusal(BedrockEmulatorSdkTest.CLAUDE,
                Message.builder().role(ConversationRole.USER).content(List.of()).build()))
                .isEqualTo("The content field in the Message object at messages.0 is empty. "
                + "Add a ContentBlock object to the content field and try again.");
    }

    @Test
    void rejectsABlankConverseTextBlock() {
        assertThat(converseRefusal(BedrockEmulatorSdkTest.CLAUDE, Message.builder().role(ConversationRole.USER)
                .content(ContentBlock.fromText("Hi"), ContentBlock.fromText("  ")).build()))
                .isEqualTo("The text field in the ContentBlock object at messages.0.content.1 is blank. "
                + "Add text to the text field, and try again.");
    }

    @Test
    void rejectsConverseOnAnImageModel() {
        assertThat(converseRefusal(BedrockEmulatorSdkTest.SDXL,
                Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("a cat")).build()))
                .contains("doesn't support the model");
    }
}
