package dev.bedrockgateway.provider;

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
import dev.bedrockgateway.provider.cohere.CohereCommandAdapter;
import dev.bedrockgateway.provider.meta.LlamaAdapter;
import dev.bedrockgateway.provider.mistral.MistralAdapter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every text family on InvokeModel that renders a prompt or a chat body (Llama, Mistral, Cohere Command R), held to
 * the same cases, which are data: {@code src/test/resources/bedrock/<family>/cases.json} says, per case, the
 * canonical request and the golden native body it must become, or the native answer (a golden file, optionally with
 * some fields set) and what the adapter must read from it, or the error it must raise. A new family of this kind is
 * one line in {@link #FAMILIES}, a folder of goldens and its cases file.
 */
class InvokeModelGoldenTest {

    /** Each family's folder under bedrock/, and its adapter. */
    private static final Map<String, Supplier<InvokeModelAdapter>> FAMILIES = Map.of(
            "meta", LlamaAdapter::new,
            "mistral", MistralAdapter::new,
            "cohere", CohereCommandAdapter::new);

    /** One case of one family: the family's adapter and model, and the case as written in its cases file. */
    record Case(String folder, InvokeModelAdapter adapter, ModelSpec model, JsonNode spec) {

        String golden(String name, String suffix) {
            return "bedrock/" + folder + "/" + name + suffix;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void writesTheNativeRequestBody(Case c) {
        GenerationRequest request = request(c.spec());

        if (c.spec().has("error")) {
            assertRaises(c.spec(), () -> c.adapter().requestBody(request, c.model()));
        } else {
            GoldenFiles.assertMatches(NativeJson.withOptions(c.adapter().requestBody(request, c.model()), request),
                    c.golden(c.spec().get("golden").asString(), ".request.json"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void readsTheNativeAnswer(Case c) {
        JsonNode body = answer(c);
        InvokeResult headers = headers(c.spec(), new byte[0]);

        if (c.spec().has("error")) {
            assertRaises(c.spec(), () -> c.adapter().parseResponse(body, headers));
        } else {
            GenerationResult result = c.adapter().parseResponse(body, headers);
            assertResult(c.spec(), result.text(), result.finishReason(), result.usage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void readsTheStreamChunks(Case c) {
        StreamTally tally = new StreamTally();
        StringBuilder text = new StringBuilder();

        for (JsonNode chunk : c.spec().get("chunks")) {
            text.append(c.adapter().readChunk(chunk, tally));
        }

        assertResult(c.spec(), text.toString(), tally.end().finishReason(), tally.end().usage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generations")
    void generateSendsTheNativeBodyAndParsesTheAnswer(Case c) {
        JsonNode spec = c.spec();
        RecordingTransport bedrock = RecordingTransport.answering(
                headers(spec, GoldenFiles.bytes(c.golden(spec.get("answer").asString(), ".response.json"))));

        StepVerifier.create(c.adapter().generate(GenerationRequest.chat(spec.get("prompt").asString()), c.model(),
                        bedrock))
                .assertNext(result -> assertResult(spec, result.text(), result.finishReason(), result.usage()))
                .verifyComplete();
        assertThat(bedrock.sentModelId()).isEqualTo(c.model().id());
        GoldenFiles.assertMatches(bedrock.sentBody(), c.golden(spec.get("sent").asString(), ".request.json"));
    }

    static Stream<Named<Case>> requests() {
        return cases("requests");
    }

    static Stream<Named<Case>> responses() {
        return cases("responses");
    }

    static Stream<Named<Case>> streams() {
        return cases("streams");
    }

    static Stream<Named<Case>> generations() {
        return cases("generate");
    }

    private static Stream<Named<Case>> cases(String section) {
        List<Named<Case>> cases = new ArrayList<>();
        FAMILIES.keySet().stream().sorted().forEach(folder -> {
            JsonNode file = GoldenFiles.json("bedrock/" + folder + "/cases.json");
            ModelSpec model = model(file.get("model"));
            for (JsonNode spec : file.get(section)) {
                cases.add(Named.of("[" + folder + "] " + spec.get("name").asString(),
                        new Case(folder, FAMILIES.get(folder).get(), model, spec)));
            }
        });
        return cases.stream();
    }

    private static ModelSpec model(JsonNode model) {
        return new ModelSpec(model.get("alias").asString(), model.get("id").asString(),
                ModelFamily.valueOf(model.get("family").asString()), model.get("provider").asString(), Task.CHAT,
                false, model.get("context_window").asInt(), model.get("max_output_tokens").asInt(), Price.FREE);
    }

    private static GenerationRequest request(JsonNode spec) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode message : spec.get("messages")) {
            messages.add(new Message(Role.valueOf(message.get("role").asString().toUpperCase(Locale.ROOT)),
                    parts(message.get("content"))));
        }
        Map<String, Object> options = spec.has("provider_options")
                ? NativeJson.MAPPER.convertValue(spec.get("provider_options"), Map.class) : Map.of();
        return new GenerationRequest(Task.CHAT, spec.path("system").asString(null), messages,
                parameters(spec.get("parameters")), null, options, null, null);
    }

    private static List<Part> parts(JsonNode content) {
        if (content.isString()) {
            return List.of(Part.text(content.asString()));
        }
        List<Part> parts = new ArrayList<>();
        for (JsonNode part : content) {
            parts.add(switch (part.get("type").asString()) {
                case "text" -> Part.text(part.get("text").asString());
                case "image" -> Part.image(part.get("media_type").asString(),
                        Base64.getDecoder().decode(part.get("data").asString()));
                default -> throw new IllegalArgumentException("no part type " + part.get("type"));
            });
        }
        return parts;
    }

    private static Parameters parameters(JsonNode parameters) {
        if (parameters == null) {
            return Parameters.DEFAULTS;
        }
        List<String> stop = new ArrayList<>();
        parameters.path("stop").forEach(sequence -> stop.add(sequence.asString()));
        return new Parameters(
                parameters.has("max_tokens") ? parameters.get("max_tokens").asInt() : null,
                parameters.has("temperature") ? parameters.get("temperature").asDouble() : null,
                parameters.has("top_p") ? parameters.get("top_p").asDouble() : null,
                parameters.has("top_k") ? parameters.get("top_k").asInt() : null,
                stop,
                parameters.has("seed") ? parameters.get("seed").longValue() : null);
    }

    /** The answer's body: inline, or a golden file with the fields under "set" (JSON pointers) set or added. */
    private static JsonNode answer(Case c) {
        if (c.spec().has("body")) {
            return c.spec().get("body");
        }
        ObjectNode body = (ObjectNode) GoldenFiles.json(c.golden(c.spec().get("golden").asString(), ".response.json"));
        c.spec().path("set").properties().forEach(field -> {
            JsonPointer at = JsonPointer.compile(field.getKey());
            body.withObject(at.head()).set(at.last().getMatchingProperty(), field.getValue());
        });
        return body;
    }

    /** Bedrock's token-count headers as the case gives them ([input, output]), or none. */
    private static InvokeResult headers(JsonNode spec, byte[] body) {
        JsonNode headers = spec.get("headers");
        return headers == null ? new InvokeResult(body, null, null)
                : new InvokeResult(body, headers.get(0).asInt(), headers.get(1).asInt());
    }

    /** Checks what the case states, and only that: text, finish reason, usage ([input, output]). */
    private static void assertResult(JsonNode spec, String text, FinishReason finishReason, Usage usage) {
        if (spec.has("text")) {
            assertThat(text).isEqualTo(spec.get("text").asString());
        }
        if (spec.has("finish_reason")) {
            assertThat(finishReason).isEqualTo(FinishReason.valueOf(spec.get("finish_reason").asString()));
        }
        if (spec.has("usage")) {
            assertThat(usage).isEqualTo(new Usage(spec.get("usage").get(0).asInt(), spec.get("usage").get(1).asInt()));
        }
        assertThat(spec.has("text") || spec.has("finish_reason") || spec.has("usage"))
                .as("case %s states what to expect", spec.get("name")).isTrue();
    }

    private static void assertRaises(JsonNode spec, Runnable call) {
        ErrorKind kind = ErrorKind.valueOf(spec.get("error").asString());
        assertThatThrownBy(call::run).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            spec.path("detail_contains").forEach(part -> assertThat(e.detail()).contains(part.asString()));
        });
    }
}
