package dev.bedrockgateway.provider.cohere;

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
import dev.bedrockgateway.provider.StreamTally;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class CohereCommandAdapterTest {

    private static final ModelSpec COMMAND_R_PLUS = new ModelSpec("command-r-plus", "cohere.command-r-plus-v1:0",
            ModelFamily.COHERE, "cohere", Task.CHAT, false, 128000, 4000, Price.FREE);

    private final CohereCommandAdapter adapter = new CohereCommandAdapter();

    @Test
    void sendsOnePromptAsTheMessageWithNoHistory() {
        assertRequest(GenerationRequest.chat("Who discovered gravity?"), "single-prompt");
    }

    @Test
    void sendsEarlierTurnsAsChatHistoryAndTheSystemPromptAsPreamble() {
        GenerationRequest request = request("You are a history teacher who answers in one sentence.",
                Parameters.DEFAULTS, Map.of(),
                Message.user("Who discovered gravity?"),
                Message.assistant("The man who is widely credited with discovering gravity is Sir Isaac Newton."),
                Message.user("What year was he born?"));

        assertRequest(request, "system-multi-turn");
    }

    @Test
    void renamesEveryCanonicalParameter() {
        Parameters parameters = new Parameters(512, 0.3, 0.75, 40, List.of("\n\n", "User:"));

        assertRequest(request(null, parameters, Map.of(), Message.user("Write a haiku about the sea.")),
                "all-parameters");
    }

    @Test
    void clampsParametersToTheRangesCommandRAccepts() {
        Parameters parameters = new Parameters(8192, 2.0, 1.0, 1000, List.of());

        assertRequest(request(null, parameters, Map.of(), Message.user("Write a haiku about the sea.")),
                "clamped-parameters");
    }

    @Test
    void sendsTheSeedUnchangedEvenBeyondWhatADoubleHoldsExactly() {
        long seed = (1L << 53) + 1;
        GenerationRequest request = request(null, new Parameters(null, null, null, null, List.of(), seed), Map.of(),
                Message.user("Pick a number."));

        assertThat(adapter.requestBody(request, COMMAND_R_PLUS).get("seed").longValue()).isEqualTo(seed);
    }

    @Test
    void providerOptionsAreMergedVerbatimIntoTheBody() {
        GenerationRequest request = request(null, new Parameters(100, null, null, null, List.of()),
                Map.of("seed", 42, "prompt_truncation", "OFF"), Message.user("Who discovered gravity?"));

        JsonNode body = NativeJson.withOptions(adapter.requestBody(request, COMMAND_R_PLUS), request);

        GoldenFiles.assertMatches(body, "bedrock/cohere/provider-options.request.json");
    }

    @Test
    void refusesAConversationThatEndsWithAnAssistantTurn() {
        GenerationRequest request = request(null, Parameters.DEFAULTS, Map.of(),
                Message.user("Give me a JSON object."),
                Message.assistant("{"));

        assertThatThrownBy(() -> adapter.requestBody(request, COMMAND_R_PLUS))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.detail()).contains("command-r-plus").contains("end the conversation with a user message");
                });
    }

    @Test
    void refusesImagesBecauseCommandRReadsOnlyText() {
        Message withImage = new Message(Role.USER,
                List.of(Part.text("What is this?"), Part.image("image/jpeg", new byte[] {1, 2, 3})));

        assertThatThrownBy(() -> adapter.requestBody(request(null, Parameters.DEFAULTS, Map.of(), withImage),
                COMMAND_R_PLUS))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
    }

    @Test
    void readsTextAndFinishReasonAndTakesUsageFromTheHeaders() {
        GenerationResult result = parse("complete", new InvokeResult(new byte[0], 42, 12));

        assertThat(result.text()).isEqualTo("Sir Isaac Newton is widely credited with discovering gravity.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(result.usage()).isEqualTo(new Usage(42, 12));
    }

    @Test
    void countsZeroWhenTheHeadersCarryNoCounts() {
        assertThat(parse("complete", new InvokeResult(new byte[0], null, null)).usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void readsAMissingFinishReasonAsStop() {
        GenerationResult result = parse("without-finish-reason", new InvokeResult(new byte[0], 5, 2));

        assertThat(result.text()).isEqualTo("Newton.");
        assertThat(result.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @ParameterizedTest
    @CsvSource({
            "COMPLETE, STOP",
            "MAX_TOKENS, LENGTH",
            "ERROR_TOXIC, CONTENT_FILTER",
            "ERROR, ERROR",
            "ERROR_LIMIT, ERROR",
            "USER_CANCEL, STOP",
            "STOP_SEQUENCE, STOP_SEQUENCE",
            "SOMETHING_NEW, STOP"})
    void mapsEachFinishReason(String finishReason, FinishReason expected) {
        ObjectNode body = (ObjectNode) GoldenFiles.json("bedrock/cohere/complete.response.json");
        body.put("finish_reason", finishReason);

        assertThat(adapter.parseResponse(body, new InvokeResult(new byte[0], 1, 1)).finishReason()).isEqualTo(expected);
    }

    /**
     * Cohere's answer may carry what it bills in meta.billed_units
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html); that is the
     * usage, over Bedrock's headers.
     */
    @Test
    void takesUsageFromBilledUnitsWhenTheAnswerCarriesThem() {
        ObjectNode body = (ObjectNode) GoldenFiles.json("bedrock/cohere/complete.response.json");
        body.putObject("meta").putObject("billed_units").put("input_tokens", 4).put("output_tokens", 191);

        assertThat(adapter.parseResponse(body, new InvokeResult(new byte[0], 70, 191)).usage())
                .isEqualTo(new Usage(4, 191));
    }

    @Test
    void takesStreamedUsageFromTheBilledUnitsOfStreamEnd() {
        ObjectNode end = NativeJson.object().put("event_type", "stream-end").put("is_finished", true)
                .put("finish_reason", "COMPLETE");
        end.putObject("response").putObject("meta").putObject("billed_units")
                .put("input_tokens", 4).put("output_tokens", 9);
        StreamTally tally = new StreamTally();

        adapter.readChunk(end, tally);

        assertThat(tally.end().usage()).isEqualTo(new Usage(4, 9));
    }

    @Test
    void anAnswerWithoutTextIsAnUpstreamError() {
        assertThatThrownBy(() -> parse("missing-text", new InvokeResult(new byte[0], 1, 0)))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR));
    }

    @Test
    void generateSendsTheNativeBodyAndParsesTheAnswer() {
        RecordingTransport bedrock = RecordingTransport.answering(
                new InvokeResult(GoldenFiles.bytes("bedrock/cohere/complete.response.json"), 42, 12));

        StepVerifier.create(adapter.generate(GenerationRequest.chat("Who discovered gravity?"), COMMAND_R_PLUS, bedrock))
                .assertNext(result -> assertThat(result.usage()).isEqualTo(new Usage(42, 12)))
                .verifyComplete();
        GoldenFiles.assertMatches(bedrock.sentBody(), "bedrock/cohere/single-prompt.request.json");
    }

    private void assertRequest(GenerationRequest request, String golden) {
        GoldenFiles.assertMatches(adapter.requestBody(request, COMMAND_R_PLUS), "bedrock/cohere/" + golden + ".request.json");
    }

    private GenerationResult parse(String golden, InvokeResult headers) {
        return adapter.parseResponse(GoldenFiles.json("bedrock/cohere/" + golden + ".response.json"), headers);
    }

    private static GenerationRequest request(String system, Parameters parameters, Map<String, Object> options,
                                             Message... messages) {
        return new GenerationRequest(Task.CHAT, system, List.of(messages), parameters, null, options, null, null);
    }
}
