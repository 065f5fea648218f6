package dev.bedrockgateway.provider.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.GoldenFiles;
import dev.bedrockgateway.provider.NativeJson;
import dev.bedrockgateway.provider.RecordingTransport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class LlamaAdapterTest {

    private static final ModelSpec LLAMA = new ModelSpec("llama3-70b", "meta.llama3-70b-instruct-v1:0",
            ModelFamily.META, "meta", Task.CHAT, false, 8192, 2048, Price.FREE);

    private final LlamaAdapter adapter = new LlamaAdapter();

    @Test
    void rendersOnePromptInTheLlama3ChatTemplate() {
        assertRequest(GenerationRequest.chat("What is the capital of France?"), "single-prompt");
    }

    @Test
    void rendersSystemAndEveryTurnBeforeAnOpenAssistantHeader() {
        GenerationRequest request = request("You are a concise geography tutor.", Parameters.DEFAULTS, Map.of(),
                Message.user("What is the capital of France?"),
                Message.assistant("Paris."),
                Message.user("And of Italy?"));

        assertRequest(request, "system-multi-turn");
    }

    @Test
    void mapsMaxTokensTemperatureAndTopPAndDropsTopKAndStop() {
        Parameters parameters = new Parameters(512, 0.5, 0.9, 40, List.of("\n\n"));

        assertRequest(request(null, parameters, Map.of(), Message.user("Write a haiku about the sea.")),
                "all-parameters");
    }

    @Test
    void clampsParametersToTheRangesLlamaAccepts() {
        Parameters parameters = new Parameters(4096, 1.5, 1.0, null, List.of());

        assertRequest(request(null, parameters, Map.of(), Message.user("Write a haiku about the sea.")),
                "clamped-parameters");
    }

    @Test
    void leavesATrailingAssistantMessageOpenAsAPrefill() {
        GenerationRequest request = request(null, Parameters.DEFAULTS, Map.of(),
                Message.user("Give me a JSON object with a name field."),
                Message.assistant("{\"name\": "));

        assertRequest(request, "prefill");
    }

    @Test
    void stripsTextLikeMetasReferenceChatFormat() {
        GenerationRequest request = request("  Be brief.\n", Parameters.DEFAULTS, Map.of(),
                Message.user("\n  Hello there \n"));

        assertRequest(request, "untrimmed-text");
    }

    @Test
    void leavesOutABlankSystemPrompt() {
        GenerationRequest request = request(" ", Parameters.DEFAULTS, Map.of(),
                Message.user("What is the capital of France?"));

        assertRequest(request, "single-prompt");
    }

    @Test
    void providerOptionsAreMergedIntoTheBodyAndWinOverMappedFields() {
        GenerationRequest request = request(null, new Parameters(512, null, null, null, List.of()),
                Map.of("max_gen_len", 64, "temperature", 0.2), Message.user("What is the capital of France?"));

        JsonNode body = NativeJson.withOptions(adapter.requestBody(request, LLAMA), request);

        GoldenFiles.assertMatches(body, "bedrock/meta/provider-options.request.json");
    }

    @Test
    void refusesImagesBecauseLlama3ReadsOnlyText() {
        Message withImage = new Message(Role.USER,
                List.of(Part.text("What is this?"), Part.image("image/png", new byte[] {1, 2, 3})));
        GenerationRequest request = request(null, Parameters.DEFAULTS, Map.of(), withImage);

        assertThatThrownBy(() -> adapter.requestBody(request, LLAMA))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void readsTextStopReasonAndUsageFromTheBody() {
        GenerationResult result = parse("stop", new InvokeResult(new byte[0], 99, 99));

        assertThat(result.text()).isEqualTo("The capital of France is Paris.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(17, 8));
    }

    @Test
    void readsLengthAsTruncated() {
        GenerationResult result = parse("length", new InvokeResult(new byte[0], null, null));

        assertThat(result.text()).isEqualTo("Waves fold into foam,\nsalt wind");
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.usage()).isEqualTo(new Usage(19, 10));
    }

    @Test
    void fallsBackToTheHeaderCountsWhenTheBodyHasNone() {
        GenerationResult result = parse("without-counts", new InvokeResult(new byte[0], 11, 3));

        assertThat(result.text()).isEqualTo("Rome.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(11, 3));
    }

    @Test
    void countsZeroWhenNeitherBodyNorHeadersHaveCounts() {
        GenerationResult result = parse("without-counts", new InvokeResult(new byte[0], null, null));

        assertThat(result.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void readsAnUnknownStopReasonAsStop() {
        JsonNode body = NativeJson.MAPPER.readTree("{\"generation\":\"ok\",\"stop_reason\":\"something_new\"}");

        assertThat(adapter.parseResponse(body, new InvokeResult(new byte[0], null, null)).finishReason())
                .isEqualTo(FinishReason.STOP);
    }

    @Test
    void anAnswerWithoutGenerationIsAnUpstreamError() {
        assertThatThrownBy(() -> parse("missing-generation", new InvokeResult(new byte[0], null, null)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void generateSendsTheNativeBodyAndParsesTheAnswer() {
        RecordingTransport bedrock = RecordingTransport.answering(
                new InvokeResult(GoldenFiles.bytes("bedrock/meta/stop.response.json"), 17, 8));

        StepVerifier.create(adapter.generate(GenerationRequest.chat("What is the capital of France?"), LLAMA, bedrock))
                .assertNext(result -> assertThat(result.text()).isEqualTo("The capital of France is Paris."))
                .verifyComplete();
        assertThat(bedrock.sentModelId()).isEqualTo("meta.llama3-70b-instruct-v1:0");
        GoldenFiles.assertMatches(bedrock.sentBody(), "bedrock/meta/single-prompt.request.json");
    }

    private void assertRequest(GenerationRequest request, String golden) {
        GoldenFiles.assertMatches(adapter.requestBody(request, LLAMA), "bedrock/meta/" + golden + ".request.json");
    }

    private GenerationResult parse(String golden, InvokeResult headers) {
        return adapter.parseResponse(GoldenFiles.json("bedrock/meta/" + golden + ".response.json"), headers);
    }

    @Test
    void leavesOutTheSeedLlamaHasNoFieldFor() {
        GenerationRequest request = request(null, new Parameters(null, null, null, null, List.of(), 7L), Map.of(),
                Message.user("Pick a number."));

        assertThat(adapter.requestBody(request, LLAMA).has("seed")).isFalse();
    }

    private static GenerationRequest request(String system, Parameters parameters, Map<String, Object> options,
                                             Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, options, null, null);
    }
}
