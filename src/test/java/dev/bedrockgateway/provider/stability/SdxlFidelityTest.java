package dev.bedrockgateway.provider.stability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GeneratedImage;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.ImageOptions;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.provider.DocumentedBody;
import dev.bedrockgateway.provider.NativeJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDXL adapter against AWS's description of the Stability Diffusion 1.0 text-to-image body, not our goldens.
 *
 * <p>Facts from https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-diffusion-1-0-text-image.html:
 * request {@code {"text_prompts": [{"text": string, "weight": float}], "height": int, "width": int, "cfg_scale":
 * float, "clip_guidance_preset": string, "sampler": string, "samples", "seed": int, "steps": int, "style_preset":
 * string, "extras"}}, text_prompts required, a weight below zero makes a negative prompt, width × height one of the
 * page's nine sizes; AWS's example code (stability_ai/invoke_model.py) sends {@code text_prompts} with one text,
 * style_preset "photographic", a seed in 0–4294967295, cfg_scale 10 and steps 30 to stability.stable-diffusion-xl-v1
 * and reads {@code artifacts[0].base64}. The response shape {@code {"result": string, "artifacts": [{"seed": int,
 * "base64": string, "finishReason": "SUCCESS" | "ERROR" | "CONTENT_FILTERED"}]}} is the page's Response section as
 * bedrock-protocol.md records it: the copies of the page the search tool holds stop before that section, so of it only
 * {@code artifacts[0].base64} is checked against AWS's own words (the example code).
 */
class SdxlFidelityTest {

    private static final ModelSpec SDXL = new ModelSpec("sdxl", "stability.stable-diffusion-xl-v1",
            ModelFamily.STABILITY, "stability", Task.IMAGE, false, 0, 0, Price.FREE);

    private final SdxlAdapter adapter = new SdxlAdapter();

    @Test
    void theExampleCodesRequestIsSentWithOnlyDocumentedFields() {
        GenerationRequest request = image("A stylized picture of a cute old steampunk robot.",
                new ImageOptions(null, null, null, 30, 10.0, 1_234_567_890L, null, "photographic"));

        DocumentedBody.assertMatches(adapter.requestBody(request, SDXL), """
                {"text_prompts": [{"text": "A stylized picture of a cute old steampunk robot.", "weight": 1.0}],
                 "style_preset": "photographic", "seed": 1234567890, "cfg_scale": 10.0, "steps": 30,
                 "width": 1024, "height": 1024, "samples": 1}""");
    }

    @Test
    void aNegativePromptIsASecondPromptWithANegativeWeight() {
        GenerationRequest request = image("A lighthouse on a cliff at dawn",
                new ImageOptions(1344, 768, 1, 40, 7.0, 4_294_967_295L, "fog, blur", "cinematic"));

        DocumentedBody.assertMatches(adapter.requestBody(request, SDXL), """
                {"text_prompts": [{"text": "A lighthouse on a cliff at dawn", "weight": 1.0},
                                  {"text": "fog, blur", "weight": -1.0}],
                 "cfg_scale": 7.0, "steps": 40, "seed": 4294967295, "width": 1344, "height": 768,
                 "style_preset": "cinematic", "samples": 1}""");
    }

    @Test
    void readsTheDocumentedResponse() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"result": "success", "artifacts": [
                  {"seed": 1234567890, "base64": "iVBORw0KGgo=", "finishReason": "SUCCESS"}]}"""),
                new InvokeResult(new byte[0], null, null));

        assertThat(result.images()).containsExactly(new GeneratedImage("iVBORw0KGgo=", 1_234_567_890L));
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void readsADocumentedContentFilteredArtifactAsFiltered() {
        GenerationResult result = adapter.parseResponse(NativeJson.MAPPER.readTree("""
                {"result": "success", "artifacts": [
                  {"seed": 7, "base64": "iVBORw0KGgo=", "finishReason": "CONTENT_FILTERED"}]}"""),
                new InvokeResult(new byte[0], null, null));

        assertThat(result.images()).isEmpty();
        assertThat(result.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    }

    private static GenerationRequest image(String prompt, ImageOptions options) {
        return new GenerationRequest(Task.IMAGE, null, List.of(Message.user(prompt)), null, options, null, null, null);
    }
}
