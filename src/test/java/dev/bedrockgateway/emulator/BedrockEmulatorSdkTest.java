package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.header;
import static dev.bedrockgateway.emulator.SdkClients.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import tools.jackson.databind.JsonNode;

/** Each family answers the real AWS SDK in its native shape, with Bedrock's headers. */
class BedrockEmulatorSdkTest {

    static final String LLAMA = "meta.llama3-8b-instruct-v1:0";
    static final String MISTRAL = "mistral.mistral-large-2402-v1:0";
    static final String COHERE = "cohere.command-r-plus-v1:0";
    static final String CLAUDE = "anthropic.claude-3-sonnet-20240229-v1:0";
    static final String SDXL = "stability.stable-diffusion-xl-v1";
    static final String TITAN = "amazon.titan-text-express-v1";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    static JsonNode json(InvokeModelResponse response) {
        return EmulatorJson.MAPPER.readTree(response.body().asUtf8String());
    }

    @Test
    void answersLlamaInItsNativeShapeAndEchoesTheLastUserTurn() {
        String prompt = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is a fjord?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n";
        InvokeModelResponse response = invoke(running.client(), LLAMA,
                EmulatorJson.object().put("prompt", prompt).put("max_gen_len", 512).put("temperature", 0.5).toString());

        JsonNode body = json(response);
        assertThat(body.get("generation").asString()).startsWith("Emulated reply from " + LLAMA + " to \"What is a fjord?\": ");
        assertThat(body.get("stop_reason").asString()).isEqualTo("stop");
        assertThat(body.get("prompt_token_count").asInt()).isEqualTo(EmulatorTokens.count(prompt));
        assertThat(body.get("generation_token_count").asInt()).isEqualTo(EmulatorTokens.count(body.get("generation").asString()));
        assertThat(header(response, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo(body.get("prompt_token_count").asString());
        assertThat(header(response, "X-Amzn-Bedrock-Output-Token-Count")).isEqualTo(body.get("generation_token_count").asString());
        assertThat(header(response, "X-Amzn-Bedrock-Invocation-Latency")).isNotBlank();
        assertThat(header(response, "x-amzn-RequestId")).isNotBlank();
        assertThat(response.contentType()).isEqualTo("application/json");
    }

    @Test
    void sameRequestGetsTheSameAnswer() {
        String body = "{\"prompt\":\"<s>[INST] Name a river [/INST]\"}";
        assertThat(invoke(running.client(), MISTRAL, body).body().asUtf8String()).isEqualTo(invoke(running.client(), MISTRAL, body).body().asUtf8String());
    }

    @Test
    void truncatesLlamaAtMaxGenLen() {
        JsonNode body = json(invoke(running.client(), LLAMA, "{\"prompt\":\"hello there\",\"max_gen_len\":5}"));
        assertThat(body.get("generation_token_count").asInt()).isEqualTo(5);
        assertThat(body.get("stop_reason").asString()).isEqualTo("length");
    }

    @Test
    void answersMistralWithOutputsAndTokenCountsOnlyInHeaders() {
        String prompt = "<s>[INST] Hi [/INST] Hello</s>[INST] Name three glaciers [/INST]";
        InvokeModelResponse response = invoke(running.client(), MISTRAL,
                EmulatorJson.object().put("prompt", prompt).put("max_tokens", 6).put("top_k", 50).toString());

        JsonNode body = json(response);
        assertThat(body.propertyNames()).containsExactly("outputs");
        JsonNode output = body.get("outputs").get(0);
        assertThat(output.get("text").asString()).startsWith("Emulated reply from");
        assertThat(output.get("stop_reason").asString()).isEqualTo("length");
        assertThat(header(response, "X-Amzn-Bedrock-Output-Token-Count")).isEqualTo("6");
        assertThat(header(response, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo(Integer.toString(EmulatorTokens.count(prompt)));
    }

    @Test
    void answersCohereWithChatHistoryAndFinishReason() {
        String request = """
                {"message": "And the tallest?", "preamble": "You know mountains.",
                 "chat_history": [{"role": "USER", "message": "Name a summit"}, {"role": "CHATBOT", "message": "Denali"}],
                 "max_tokens": 400, "temperature": 0.3, "p": 0.75, "k": 0}
                """;
        InvokeModelResponse response = invoke(running.client(), COHERE, request);

        JsonNode body = json(response);
        assertThat(body.get("text").asString()).startsWith("Emulated reply from " + COHERE + " to \"And the tallest?\"");
        assertThat(body.get("finish_reason").asString()).isEqualTo("COMPLETE");
        assertThat(body.get("chat_history")).hasSize(4);
        assertThat(body.has("response_id")).isTrue();
        assertThat(body.has("generation_id")).isTrue();
        // "You know mountains." + "Name a summit" + "Denali" + "And the tallest?" = 3 + 3 + 1 + 3 words, in the
        // headers and in Cohere's meta.billed_units
        assertThat(header(response, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo("10");
        assertThat(body.at("/meta/billed_units/input_tokens").asInt()).isEqualTo(10);
        assertThat(body.at("/meta/billed_units/output_tokens").asString())
                .isEqualTo(header(response, "X-Amzn-Bedrock-Output-Token-Count"));
        assertThat(header(response, "X-Amzn-Bedrock-Output-Token-Count"))
                .isEqualTo(Integer.toString(EmulatorTokens.count(body.get("text").asString())));
    }

    @Test
    void answersClaudeWithMessagesShapeAndUsage() {
        String request = """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 1024, "system": "Be terse.",
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Describe a mesa"}]}],
                 "temperature": 0.2, "top_k": 250}
                """;
        InvokeModelResponse response = invoke(running.client(), CLAUDE, request);

        JsonNode body = json(response);
        assertThat(body.get("type").asString()).isEqualTo("message");
        assertThat(body.get("role").asString()).isEqualTo("assistant");
        assertThat(body.get("model").asString()).isEqualTo("claude-3-sonnet-20240229");
        assertThat(body.get("id").asString()).startsWith("msg_bdrk_");
        assertThat(body.get("content").get(0).get("type").asString()).isEqualTo("text");
        assertThat(body.get("content").get(0).get("text").asString()).contains("\"Describe a mesa\"");
        assertThat(body.get("stop_reason").asString()).isEqualTo("end_turn");
        assertThat(body.get("stop_sequence").isNull()).isTrue();
        assertThat(body.get("usage").get("input_tokens").asInt()).isEqualTo(5);
        assertThat(header(response, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo("5");
        assertThat(header(response, "X-Amzn-Bedrock-Output-Token-Count")).isEqualTo(body.get("usage").get("output_tokens").asString());
    }

    @Test
    void claudeStopsAtTheFirstStopSequenceAndNamesIt() {
        String request = """
                {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 100, "stop_sequences": ["reply from"],
                 "messages": [{"role": "user", "content": "hello"}]}
                """;
        JsonNode body = json(invoke(running.client(), CLAUDE, request));

        assertThat(body.get("content").get(0).get("text").asString()).isEqualTo("Emulated ");
        assertThat(body.get("stop_reason").asString()).isEqualTo("stop_sequence");
        assertThat(body.get("stop_sequence").asString()).isEqualTo("reply from");
        assertThat(body.get("usage").get("output_tokens").asInt()).isEqualTo(1);
    }

    @Test
    void acceptsCrossRegionInferenceProfileIds() {
        String profile = "us." + CLAUDE;
        InvokeModelResponse response = invoke(running.client(), profile,
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(json(response).get("content").get(0).get("text").asString()).startsWith("Emulated reply from " + profile);
        assertThat(running.emulator().calls(profile)).isPositive();
    }

    @Test
    void acceptsInferenceProfileArns() {
        String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + LLAMA;
        JsonNode body = json(invoke(running.client(), arn, "{\"prompt\":\"hi\"}"));
        assertThat(body.get("generation").asString()).startsWith("Emulated reply from " + arn);
    }

    @Test
    void answersTitanTextOnInvokeModel() {
        JsonNode body = json(invoke(running.client(), TITAN,
                "{\"inputText\":\"Tell me about reefs\",\"textGenerationConfig\":{\"maxTokenCount\":7,\"temperature\":0.1}}"));
        assertThat(body.get("inputTextTokenCount").asInt()).isEqualTo(4);
        assertThat(body.get("results").get(0).get("tokenCount").asInt()).isEqualTo(7);
        assertThat(body.get("results").get(0).get("completionReason").asString()).isEqualTo("LENGTH");
    }

    @Test
    void generatesARealPngOfTheRequestedSize() throws Exception {
        String request = """
                {"text_prompts": [{"text": "a lighthouse at dusk", "weight": 1.0}, {"text": "blurry", "weight": -1.0}],
                 "cfg_scale": 7, "steps": 30, "seed": 42, "width": 1152, "height": 896, "style_preset": "photographic"}
                """;
        JsonNode body = json(invoke(running.client(), SDXL, request));

        assertThat(body.get("result").asString()).isEqualTo("success");
        JsonNode artifact = body.get("artifacts").get(0);
        assertThat(artifact.get("seed").asLong()).isEqualTo(42);
        assertThat(artifact.get("finishReason").asString()).isEqualTo("SUCCESS");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(artifact.get("base64").asString())));
        assertThat(image.getWidth()).isEqualTo(1152);
        assertThat(image.getHeight()).isEqualTo(896);
    }

    @Test
    void picksADeterministicNonZeroSeedWhenAskedForARandomOne() throws Exception {
        String request = "{\"text_prompts\":[{\"text\":\"a red fox\"}]}";
        JsonNode first = json(invoke(running.client(), SDXL, request)).get("artifacts").get(0);
        JsonNode second = json(invoke(running.client(), SDXL, request)).get("artifacts").get(0);

        assertThat(first.get("seed").asLong()).isPositive().isEqualTo(second.get("seed").asLong());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(first.get("base64").asString())));
        assertThat(image.getWidth()).isEqualTo(1024);
        assertThat(image.getHeight()).isEqualTo(1024);
    }

    @Test
    void conversesWithAConverseOnlyModel() {
        // Jamba 1.5 takes a system prompt through Converse; Titan does not (AWS's table,
        // https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html)
        String jamba = "ai21.jamba-1-5-large-v1:0";
        ConverseResponse response = running.client().converse(ConverseRequest.builder()
                .modelId(jamba)
                .system(SystemContentBlock.fromText("You are helpful."))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Name a valley")).build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(200).temperature(0.5f).topP(0.9f).build())
                .build()).join();

        assertThat(response.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
        assertThat(response.output().message().content().get(0).text()).startsWith("Emulated reply from " + jamba + " to \"Name a valley\"");
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.usage().inputTokens()).isEqualTo(6);
        assertThat(response.usage().totalTokens()).isEqualTo(response.usage().inputTokens() + response.usage().outputTokens());
        assertThat(response.metrics().latencyMs()).isNotNull();
    }

    @Test
    void conversesWithClaudeAndHonoursMaxTokens() {
        ConverseResponse response = running.client().converse(ConverseRequest.builder()
                .modelId(CLAUDE)
                .messages(
                        Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Hi")).build(),
                        Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText("Hello!")).build(),
                        Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Tell me more")).build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(3).build())
                .build()).join();

        assertThat(response.output().message().content().get(0).text()).isEqualTo("Emulated reply from");
        assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(response.usage().outputTokens()).isEqualTo(3);
    }

    @Test
    void acceptsConverseImagesAndToolTurnsAsTheSdkSendsThem() {
        ToolSpecification weather = ToolSpecification.builder()
                .name("get_weather").description("Weather for a city")
                .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object").build()))
                .build();
        ConverseResponse response = running.client().converse(ConverseRequest.builder()
                .modelId(CLAUDE)
                .messages(
                        Message.builder().role(ConversationRole.USER).content(
                                ContentBlock.fromText("What is in this picture, and the weather in Oslo?"),
                                ContentBlock.fromImage(ImageBlock.builder().format(ImageFormat.PNG)
                                        .source(ImageSource.fromBytes(SdkBytes.fromByteArray(PngImages.solid(2, 2, 0xFF0000)))).build()))
                                .build(),
                        Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromToolUse(ToolUseBlock.builder()
                                .toolUseId("t1").name("get_weather").input(Document.mapBuilder().putString("city", "Oslo").build()).build()))
                                .build(),
                        Message.builder().role(ConversationRole.USER).content(ContentBlock.fromToolResult(ToolResultBlock.builder()
                                .toolUseId("t1").content(ToolResultContentBlock.fromText("12 C")).status(ToolResultStatus.SUCCESS).build()))
                                .build())
                .toolConfig(ToolConfiguration.builder().tools(Tool.fromToolSpec(weather)).build())
                .build()).join();

        // The last turn brings the tool's result, so the model answers in text that reads it.
        assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(response.output().message().content()).singleElement()
                .satisfies(block -> assertThat(block.text()).contains("\"12 C\""));
    }

    @Test
    void servesTheSdkOverH2cToo() {
        try (BedrockRuntimeAsyncClient h2 = SdkClients.client(running.emulator().endpoint(), Protocol.HTTP2)) {
            JsonNode body = json(invoke(h2, LLAMA, "{\"prompt\":\"over h2c\"}"));
            assertThat(body.get("generation").asString()).contains("over h2c");
        }
    }
}
