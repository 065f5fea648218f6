package dev.bedrockgateway.provider.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GeneratedImage;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.ImageOptions;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.GoldenFiles;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.RecordingTransport;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class SdxlAdapterTest {

    private static final ModelSpec SDXL = new ModelSpec("sdxl", "stability.stable-diffusion-xl-v1",
            ModelFamily.STABILITY, "stability", Task.IMAGE, false, 77, 1, Price.FREE);

    private final SdxlAdapter adapter = new SdxlAdapter();

    private static GenerationRequest image(String prompt, ImageOptions options) {
        return new GenerationRequest(Task.IMAGE, "ignored for images", List.of(Message.user(prompt)), null, options,
                null, null, null);
    }

    private static ImageOptions options(Integer width, Integer height, Integer count, Integer steps, Double cfgScale,
                                        Long seed, String negative, String style) {
        return new ImageOptions(width, height, count, steps, cfgScale, seed, negative, style);
    }

    @Test
    void negativePromptStyleSizeAndSeedAreMapped() {
        GenerationRequest request = image("A lighthouse on a cliff at dawn",
                options(1344, 768, 1, 30, 7.0, 42L, "blurry, low quality", "photographic"));

        GoldenFiles.assertMatches(adapter.requestBody(request, SDXL), "bedrock/stability/request-full.json");
    }

    @Test
    void sizeDefaultsToSquare1024() {
        GoldenFiles.assertMatches(adapter.requestBody(image("A watercolour fox", null), SDXL),
                "bedrock/stability/request-default-size.json");
    }

    @Test
    void sizeSdxlDoesNotMakeIsInvalidAndListsTheSizes() {
        assertInvalid(() -> adapter.requestBody(image("fox", options(1000, 1000, null, null, null, null, null, null)),
                SDXL), "image.width and image.height", "1152x896");
    }

    @Test
    void widthWithoutHeightIsInvalid() {
        assertInvalid(() -> adapter.requestBody(image("fox", options(1024, null, null, null, null, null, null, null)),
                SDXL), "image.width and image.height");
    }

    @Test
    void stepsOutOfRangeIsInvalid() {
        assertInvalid(() -> adapter.requestBody(image("fox", options(null, null, null, 5, null, null, null, null)),
                SDXL), "image.steps", "between 10 and 150");
    }

    @Test
    void cfgScaleAndSeedOutOfRangeAreInvalid() {
        assertInvalid(() -> adapter.requestBody(image("fox", options(null, null, null, null, 36.0, null, null, null)),
                SDXL), "image.cfg_scale");
        assertInvalid(() -> adapter.requestBody(image("fox",
                options(null, null, null, null, null, 4_294_967_296L, null, null)), SDXL), "image.seed");
    }

    @Test
    void unknownStylePresetIsInvalid() {
        assertInvalid(() -> adapter.requestBody(image("fox", options(null, null, null, null, null, null, null,
                "vaporwave")), SDXL), "image.style_preset", "neon-punk");
    }

    @Test
    void countAboveTheLimitIsInvalid() {
        assertInvalid(() -> adapter.requestBody(image("fox", options(null, null, 5, null, null, null, null, null)),
                SDXL), "image.count", "between 1 and 4");
    }

    /** SDXL's text_prompts text is at most 2,000 characters on Bedrock (model-parameters-diffusion-1-0-text-image). */
    @Test
    void promptOverTwoThousandCharactersIsInvalid() {
        assertInvalid(() -> adapter.requestBody(image("a".repeat(2001), null), SDXL), "2001 characters", "at most 2000");
        assertThat(adapter.requestBody(image("a".repeat(2000), null), SDXL).at("/text_prompts/0/text").asString())
                .hasSize(2000);
    }

    @Test
    void emptyPromptIsInvalid() {
        assertInvalid(() -> adapter.requestBody(image("  ", null), SDXL), "prompt");
    }

    @Test
    void successfulArtifactBecomesAnImageWithItsSeed() {
        GenerationResult result = parse("bedrock/stability/response-success.json");

        assertThat(result.images()).containsExactly(new GeneratedImage("iVBORw0KGgoAAAANSUhEUg==", 42L));
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.text()).isEmpty();
        assertThat(result.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void filteredArtifactIsNotReturnedAndFinishesAsContentFilter() {
        GenerationResult result = parse("bedrock/stability/response-content-filtered.json");

        assertThat(result.images()).isEmpty();
        assertThat(result.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    @Test
    void answerWithoutArtifactsIsAnUpstreamError() {
        assertThatThrownBy(() -> adapter.parseResponse(NativeJson.MAPPER.readTree("{\"result\":\"error\"}"),
                new InvokeResult(new byte[0], null, null)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void countOfTwoMakesTwoCallsWithConsecutiveSeedsAndMergesTheImages() {
        RecordingTransport transport = RecordingTransport.answering(
                new InvokeResult(GoldenFiles.bytes("bedrock/stability/response-success.json"), null, null));
        GenerationRequest request = image("fox", options(null, null, 2, null, null, 42L, null, null));

        StepVerifier.create(adapter.generate(request, SDXL, transport))
                .assertNext(result -> {
                    assertThat(result.images()).hasSize(2);
                    assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
                    assertThat(result.usage()).isEqualTo(Usage.NONE);
                })
                .verifyComplete();

        assertThat(transport.calls()).hasSize(2)
                .allSatisfy(call -> assertThat(call.modelId()).isEqualTo("stability.stable-diffusion-xl-v1"));
        assertThat(transport.calls().stream().map(call -> body(call).path("seed").longValue()))
                .containsExactlyInAnyOrder(42L, 43L);
        assertThat(transport.calls()).allSatisfy(call -> assertThat(body(call).path("samples").intValue()).isEqualTo(1));
    }

    @Test
    void invalidRequestMakesNoCall() {
        RecordingTransport transport = RecordingTransport.answering(
                new InvokeResult(GoldenFiles.bytes("bedrock/stability/response-success.json"), null, null));

        StepVerifier.create(adapter.generate(image("fox", options(null, null, null, 500, null, null, null, null)),
                        SDXL, transport))
                .expectError(GatewayException.class)
                .verify();
        assertThat(transport.calls()).isEmpty();
    }

    private static JsonNode body(RecordingTransport.Call call) {
        return NativeJson.MAPPER.readTree(call.body());
    }

    private GenerationResult parse(String golden) {
        return adapter.parseResponse(GoldenFiles.json(golden), new InvokeResult(GoldenFiles.bytes(golden), null, null));
    }

    private static void assertInvalid(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST))
                .message().contains(fragments);
    }
}
