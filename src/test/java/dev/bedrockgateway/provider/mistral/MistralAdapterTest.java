package dev.bedrockgateway.provider.mistral;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class MistralAdapterTest {

    private static final ModelSpec MISTRAL_LARGE = new ModelSpec("mistral-large", "mistral.mistral-large-2402-v1:0",
            ModelFamily.MISTRAL, "mistral", Task.CHAT, false, 32000, 8192, Price.FREE);

    private final MistralAdapter adapter = new MistralAdapter();

    @Test
    void wrapsOnePromptInInstMarkers() {
        assertRequest(GenerationRequest.chat("What is your favourite condiment?"), "single-prompt");
    }

    @Test
    void putsTheSystemPromptBeforeTheOnlyUserMessage() {
        GenerationRequest request = request("Answer in one sentence.", Parameters.DEFAULTS, Map.of(),
                Message.user("What is your favourite condiment?"));

        assertRequest(request, "system-single-turn");
    }

    @Test
    void closesEachAnswerAndPutsTheSystemPromptBeforeTheLastUserMessage() {
        GenerationRequest request = request("Answer in one sentence.", Parameters.DEFAULTS, Map.of(),
                Message.user("What is your favourite condiment?"),
                Message.assistant("Fresh lemon juice."),
                Message.user("Do you have mayonnaise recipes?"));

        assertRequest(request, "system-multi-turn");
    }

    @Test
    void joinsConsecutiveUserMessagesIntoOneInstBlock() {
        GenerationRequest request = request(null, Parameters.DEFAULTS, Map.of(),
                Message.user("Here is a list: eggs, oil, lemon."),
                Message.user("What can I make with it?"));

        assertRequest(request, "consecutive-user-turns");
    }

    @Test
    void mapsEveryCanonicalParameter() {
        Parameters parameters = new Parameters(512, 0.7, 0.9, 50, List.of("\n\n", "User:"));

        assertRequest(request(null, parameters, Map.of(), Message.user("Write a haiku about the sea.")),
                "all-parameters");
    }

    @Test
    void clampsParametersToTheRangesMistralLargeAccepts() {
        Parameters parameters = new Parameters(100_000, 1.7, 1.0, 500, List.of());

        assertRequest(request(null, parameters, Map.of(), Message.user("Write a haiku about the sea.")),
                "clamped-parameters");
    }

    @Test
    void leavesATrailingAssistantMessageOpenAfterTheLastInst() {
        GenerationRequest request = request(null, Parameters.DEFAULTS, Map.of(),
                Message.user("What is your favourite condiment?"),
                Message.assistant("Fresh lemon juice."),
                Message.user("List three fruits as a JSON array."),
                Message.assistant("["));

        assertRequest(request, "prefill");
    }

    @Test
    void providerOptionsAreMergedVerbatimIntoTheBody() {
        GenerationRequest request = request(null, new Parameters(256, null, null, null, List.of()),
                Map.of("top_k", 250), Message.user("What is your favourite condiment?"));

        JsonNode body = NativeJson.withOptions(adapter.requestBody(request, MISTRAL_LARGE), request);

        GoldenFiles.assertMatches(body, "bedrock/mistral/provider-options.request.json");
    }

    @Test
    void refusesImagesBecauseTheTextFormatCannotCarryThem() {
        Message withImage = new Message(Role.USER,
                List.of(Part.text("What is this?"), Part.image("image/png", new byte[] {1, 2, 3})));

        assertThatThrownBy(() -> adapter.requestBody(request(null, Parameters.DEFAULTS, Map.of(), withImage),
                MISTRAL_LARGE))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void readsTextAndStopAndTakesUsageFromTheHeaders() {
        GenerationResult result = parse("stop", new InvokeResult(new byte[0], 21, 14));

        assertThat(result.text()).isEqualTo(" I'm quite partial to a good squeeze of fresh lemon juice.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(21, 14));
    }

    @Test
    void readsLengthAsTruncated() {
        GenerationResult result = parse("length", new InvokeResult(new byte[0], 15, 6));

        assertThat(result.text()).isEqualTo(" Waves fold into foam,");
        assertThat(result.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(result.usage()).isEqualTo(new Usage(15, 6));
    }

    @Test
    void countsZeroWhenTheHeadersCarryNoCounts() {
        GenerationResult result = parse("stop", new InvokeResult(new byte[0], null, null));

        assertThat(result.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void readsAMissingStopReasonAsStop() {
        GenerationResult result = parse("without-stop-reason", new InvokeResult(new byte[0], 9, 2));

        assertThat(result.text()).isEqualTo(" Paris.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @ParameterizedTest
    @CsvSource({"stop, STOP", "length, LENGTH", "model_length, LENGTH", "error, ERROR", "something_new, STOP"})
    void mapsEachStopReason(String stopReason, FinishReason expected) {
        ObjectNode body = (ObjectNode) GoldenFiles.json("bedrock/mistral/stop.response.json");
        ((ObjectNode) body.path("outputs").path(0)).put("stop_reason", stopReason);

        assertThat(adapter.parseResponse(body, new InvokeResult(new byte[0], 1, 1)).finishReason()).isEqualTo(expected);
    }

    @Test
    void anAnswerWithoutOutputsIsAnUpstreamError() {
        assertThatThrownBy(() -> parse("no-outputs", new InvokeResult(new byte[0], 1, 0)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void generateSendsTheNativeBodyAndParsesTheAnswer() {
        RecordingTransport bedrock = RecordingTransport.answering(
                new InvokeResult(GoldenFiles.bytes("bedrock/mistral/stop.response.json"), 21, 14));

        StepVerifier.create(adapter.generate(GenerationRequest.chat("What is your favourite condiment?"),
                        MISTRAL_LARGE, bedrock))
                .assertNext(result -> assertThat(result.usage()).isEqualTo(new Usage(21, 14)))
                .verifyComplete();
        GoldenFiles.assertMatches(bedrock.sentBody(), "bedrock/mistral/single-prompt.request.json");
    }

    private void assertRequest(GenerationRequest request, String golden) {
        GoldenFiles.assertMatches(adapter.requestBody(request, MISTRAL_LARGE), "bedrock/mistral/" + golden + ".request.json");
    }

    private GenerationResult parse(String golden, InvokeResult headers) {
        return adapter.parseResponse(GoldenFiles.json("bedrock/mistral/" + golden + ".response.json"), headers);
    }

    private static GenerationRequest request(String system, Parameters parameters, Map<String, Object> options,
                                             Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, options, null, null);
    }
}
