package dev.bedrockgateway.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.images.Image;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The official openai-java client, pointed at the gateway with only its base URL changed, works unchanged. */
class OpenAiSdkTest extends OpenAiClientTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama3-8b", "mistral-large", "command-r", "claude-3-haiku", "titan-text-express"})
    void completesAChatWithEveryTextFamily(String alias) {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(alias).addUserMessage("Name a colour").maxCompletionTokens(200).temperature(0.5).topP(0.9)
                .build());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo(alias);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.index()).isZero();
        assertThat(choice.message().content()).hasValueSatisfying(text -> assertThat(text).contains("Name a colour"));
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isPositive();
            assertThat(usage.completionTokens()).isPositive();
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3-8b", "claude-3-haiku", "titan-text-express"})
    void streamsTheSameTextWithUsageAtTheEnd(String alias) {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(alias)
                .addUserMessage("Stream this please").maxCompletionTokens(30).build();
        String whole = client.chat().completions().create(params).choices().get(0).message().content().orElseThrow();
        StringBuilder streamed = new StringBuilder();
        List<ChatCompletionChunk> chunks;

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                params.toBuilder().streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .build())) {
            chunks = stream.stream().toList();
        }
        chunks.forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(streamed::append)));

        assertThat(streamed.toString()).isEqualTo(whole);
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.get(0).id());
        assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason()).isPresent();
        CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
        assertThat(usage.completionTokens()).isPositive();
        assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + usage.completionTokens());
    }

    @Test
    void carriesASystemPromptAndEarlierTurns() {
        ChatCompletion single = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-haiku").addUserMessage("Second question").build());
        ChatCompletion multi = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-haiku")
                .addSystemMessage("You are terse and answer in one line.")
                .addUserMessage("First question")
                .addAssistantMessage("First answer")
                .addUserMessage("Second question")
                .build());

        assertThat(multi.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).contains("Second question"));
        // The emulator counts what the model was sent: the system prompt and earlier turns arrived too.
        assertThat(multi.usage().orElseThrow().promptTokens())
                .isGreaterThan(single.usage().orElseThrow().promptTokens() + 8);
    }

    @Test
    void sendsAnInlineImageToAVisionModel() throws Exception {
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(onePixelPng());
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-3-haiku")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in this picture?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(dataUrl)
                                        .detail(ChatCompletionContentPartImage.ImageUrl.Detail.LOW).build())
                                .build())))
                .build());

        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).contains("What is in this picture?"));
    }

    @Test
    void generatesImagesAsBase64() throws Exception {
        ImagesResponse response = client.images().generate(ImageGenerateParams.builder()
                .model("sdxl").prompt("a lighthouse at dusk").n(2).size(ImageGenerateParams.Size._1792X1024)
                .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON).build());

        List<Image> images = response.data().orElseThrow();
        assertThat(images).hasSize(2);
        for (Image image : images) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                    Base64.getDecoder().decode(image.b64Json().orElseThrow())));
            // OpenAI's 1792x1024 is drawn at SDXL's size of the same shape.
            assertThat(png.getWidth()).isEqualTo(1344);
            assertThat(png.getHeight()).isEqualTo(768);
        }
    }

    @Test
    void listsAndRetrievesModels() {
        List<Model> models = client.models().list().data();
        assertThat(models).extracting(Model::id)
                .contains("llama3-8b", "mistral-large", "command-r", "claude-3-haiku", "titan-text-express", "sdxl");

        Model haiku = client.models().retrieve("claude-3-haiku");
        assertThat(haiku.id()).isEqualTo("claude-3-haiku");
        assertThat(haiku.ownedBy()).isEqualTo("anthropic");
        assertThat(haiku.created()).isPositive();
    }

    @Test
    void raisesNotFoundForAnUnknownModel() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(404);
                    assertThat(error.getMessage()).contains("gpt-4o");
                });
    }

    @Test
    void raisesBadRequestForATemperatureBedrockCannotTake() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3-8b").addUserMessage("Hi").temperature(1.5).build()))
                .isInstanceOfSatisfying(BadRequestException.class,
                        error -> assertThat(error.getMessage()).contains("temperature must be between 0 and 1"));
    }

    /** OpenAI answers this with a 400, so its SDKs raise BadRequestError, not UnprocessableEntityError. */
    @Test
    void raisesBadRequestForAPromptOverTheContextWindow() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3-8b").addUserMessage("word ".repeat(40_000)).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> {
                    assertThat(error.statusCode()).isEqualTo(400);
                    assertThat(error.code()).hasValue("context_length_exceeded");
                    assertThat(error.param()).hasValue("messages");
                    assertThat(error.type()).hasValue("invalid_request_error");
                });
    }

    @Test
    void readsTheOffendingFieldFromParam() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3-8b").addUserMessage("Hi").maxCompletionTokens(5000).build()))
                .isInstanceOfSatisfying(BadRequestException.class, error -> {
                    assertThat(error.param()).hasValue("max_completion_tokens");
                    assertThat(error.getMessage()).contains("max_completion_tokens 5000 is above the limit")
                            .doesNotContain("parameters.max_tokens");
                });
    }

    @Test
    void raisesRateLimitWhenTheOnlyModelIsThrottled() throws Exception {
        fault("meta.llama3-8b-instruct-v1:0", "throttling", 1.0);

        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("llama3-8b").addUserMessage("Hi").build()))
                .isInstanceOf(RateLimitException.class);
    }

    static byte[] onePixelPng() throws Exception {
        BufferedImage image = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x3366CC);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }
}
