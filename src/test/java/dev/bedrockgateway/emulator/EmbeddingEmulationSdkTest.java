package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.header;
import static dev.bedrockgateway.emulator.SdkClients.invokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import tools.jackson.databind.JsonNode;

/** Titan Text Embeddings v2 and Cohere Embed v3 on the emulator, through the real AWS SDK client. */
class EmbeddingEmulationSdkTest {

    static final String TITAN_EMBED = "amazon.titan-embed-text-v2:0";
    static final String COHERE_EMBED = "cohere.embed-english-v3";
    static final String COHERE_MULTILINGUAL = "cohere.embed-multilingual-v3";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    private static JsonNode invoke(String modelId, String json) {
        return EmulatorJson.MAPPER.readTree(SdkClients.invoke(running.client(), modelId, json).body().asUtf8String());
    }

    private static String rejected(String modelId, String json) {
        BedrockRuntimeException e = failure(running.client().invokeModel(invokeRequest(modelId, json)));
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.statusCode()).isEqualTo(400);
        return e.awsErrorDetails().errorMessage();
    }

    private static double norm(JsonNode vector) {
        double squares = 0;
        for (JsonNode value : vector) {
            squares += value.doubleValue() * value.doubleValue();
        }
        return Math.sqrt(squares);
    }

    @Test
    void titanAnswersAUnitVectorOfTheDimensionsAskedWithItsTokenCount() {
        var response = SdkClients.invoke(running.client(), TITAN_EMBED,
                "{\"inputText\":\"the quick brown fox\",\"dimensions\":256,\"normalize\":true}");
        JsonNode body = EmulatorJson.MAPPER.readTree(response.body().asUtf8String());

        assertThat(body.get("embedding")).hasSize(256);
        assertThat(norm(body.get("embedding"))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(body.get("inputTextTokenCount").asInt()).isEqualTo(4);
        assertThat(body.get("embeddingsByType").get("float")).isEqualTo(body.get("embedding"));
        assertThat(header(response, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo("4");
    }

    @Test
    void titanDefaultsTo1024DimensionsAndKeepsTheLengthWhenNotNormalised() {
        JsonNode body = invoke(TITAN_EMBED, "{\"inputText\":\"hello\",\"normalize\":false,\"embeddingTypes\":[\"binary\"]}");

        assertThat(body.get("embedding")).hasSize(1024);
        assertThat(norm(body.get("embedding"))).isGreaterThan(1.01);
        assertThat(body.get("embeddingsByType").get("binary")).hasSize(1024)
                .allSatisfy(bit -> assertThat(bit.asInt()).isIn(0, 1));
    }

    @Test
    void theSameTextGetsTheSameVectorAndAnotherTextAnotherOne() {
        JsonNode first = invoke(TITAN_EMBED, "{\"inputText\":\"same text\"}").get("embedding");
        JsonNode again = invoke(TITAN_EMBED, "{\"inputText\":\"same text\"}").get("embedding");
        JsonNode other = invoke(TITAN_EMBED, "{\"inputText\":\"other text\"}").get("embedding");

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void titanRefusesDimensionsItDoesNotMake() {
        assertThat(rejected(TITAN_EMBED, "{\"inputText\":\"a\",\"dimensions\":300}")).isEqualTo(
                "Malformed input request: #/dimensions: 300 is not a valid enum value, please reformat your input and try again.");
    }

    @Test
    void titanRefusesUnknownFieldsAndCoheresShape() {
        assertThat(rejected(TITAN_EMBED, "{\"texts\":[\"a\"]}"))
                .contains("#: extraneous key [texts] is not permitted")
                .contains("#: required key [inputText] not found");
    }

    @Test
    void titanRefusesAnEmptyTextAndAnUnknownEmbeddingType() {
        assertThat(rejected(TITAN_EMBED, "{\"inputText\":\"\"}")).contains("#/inputText: expected minLength: 1, actual: 0");
        assertThat(rejected(TITAN_EMBED, "{\"inputText\":\"a\",\"embeddingTypes\":[\"int8\"]}"))
                .contains("#/embeddingTypes/0: int8 is not a valid enum value");
    }

    @Test
    void cohereAnswersOneVectorPerTextWithTheTokenCountInTheHeaderOnly() {
        var response = SdkClients.invoke(running.client(), COHERE_EMBED,
                "{\"texts\":[\"first text\",\"the second text\"],\"input_type\":\"search_document\"}");
        JsonNode body = EmulatorJson.MAPPER.readTree(response.body().asUtf8String());

        assertThat(body.get("response_type").asString()).isEqualTo("embeddings_floats");
        assertThat(body.get("embeddings")).hasSize(2).allSatisfy(vector -> assertThat(vector).hasSize(1024));
        assertThat(body.get("texts").get(1).asString()).isEqualTo("the second text");
        assertThat(body.get("id").asString()).isNotBlank();
        assertThat(body.has("inputTextTokenCount")).isFalse();
        assertThat(header(response, "X-Amzn-Bedrock-Input-Token-Count")).isEqualTo("5");
    }

    @Test
    void cohereEncodesTheInputTypeIntoTheVector() {
        JsonNode document = invoke(COHERE_MULTILINGUAL, "{\"texts\":[\"fox\"],\"input_type\":\"search_document\"}");
        JsonNode query = invoke(COHERE_MULTILINGUAL, "{\"texts\":[\"fox\"],\"input_type\":\"search_query\"}");

        assertThat(query.get("embeddings").get(0)).isNotEqualTo(document.get("embeddings").get(0));
    }

    @Test
    void cohereAnswersByTypeWhenEmbeddingTypesAreAsked() {
        JsonNode body = invoke(COHERE_EMBED,
                "{\"texts\":[\"a\"],\"input_type\":\"clustering\",\"embedding_types\":[\"float\",\"int8\",\"ubinary\"]}");

        assertThat(body.get("response_type").asString()).isEqualTo("embeddings_by_type");
        assertThat(body.get("embeddings").get("float").get(0)).hasSize(1024);
        assertThat(body.get("embeddings").get("int8").get(0)).hasSize(1024)
                .allSatisfy(value -> assertThat(value.asInt()).isBetween(-128, 127));
        assertThat(body.get("embeddings").get("ubinary").get(0)).hasSize(128);
    }

    @Test
    void cohereRequiresTheInputType() {
        assertThat(rejected(COHERE_EMBED, "{\"texts\":[\"a\"]}")).isEqualTo(
                "Malformed input request: #: required key [input_type] not found, please reformat your input and try again.");
    }

    @Test
    void cohereRefusesMoreThan96TextsAndTextsOver2048Characters() {
        String texts = String.join(",", Collections.nCopies(97, "\"a\""));
        assertThat(rejected(COHERE_EMBED, "{\"texts\":[" + texts + "],\"input_type\":\"search_query\"}"))
                .contains("#/texts: expected maximum item count: 96, found: 97");
        assertThat(rejected(COHERE_EMBED, "{\"texts\":[\"ok\",\"" + "x".repeat(2049) + "\"],\"input_type\":\"search_query\"}"))
                .contains("#/texts/1: expected maxLength: 2048, actual: 2049");
    }

    @Test
    void embeddingModelsCannotStream() {
        BedrockRuntimeException e = failure(SdkClients.startInvokeStream(running.client(), TITAN_EMBED,
                "{\"inputText\":\"a\"}").done());

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The model is unsupported for streaming.");
    }

    @Test
    void converseRefusesEmbeddingModels() {
        BedrockRuntimeException e = failure(running.client().converse(ConverseRequest.builder()
                .modelId(COHERE_EMBED)
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("a")).build())
                .build()));

        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("This action doesn't support the model that you provided.");
    }

    @Test
    void faultsAreInjectedIntoEmbeddingModelsLikeAnyOther() {
        running.emulator().setFault(TITAN_EMBED, FaultPlan.of(FaultKind.THROTTLING));

        BedrockRuntimeException e = failure(running.client().invokeModel(invokeRequest(TITAN_EMBED, "{\"inputText\":\"a\"}")));

        assertThat(e).isInstanceOf(ThrottlingException.class);
        assertThat(running.emulator().calls(TITAN_EMBED)).isEqualTo(1L);
    }
}
