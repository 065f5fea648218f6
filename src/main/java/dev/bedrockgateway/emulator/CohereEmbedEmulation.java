package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.FieldRule.required;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cohere Embed v3 InvokeModel: {@code {"texts","input_type","truncate","embedding_types"}} → {@code {"id",
 * "embeddings","texts","response_type"}} with 1,024-dimension vectors. The body carries no token count; the
 * {@code X-Amzn-Bedrock-Input-Token-Count} header does. It cannot stream.
 */
final class CohereEmbedEmulation implements NativeEmulation {

    static final BodySchema SCHEMA = BodySchema.of(
            required("texts", ARRAY).items(STRING),
            required("input_type", STRING).oneOf("search_document", "search_query", "classification", "clustering"),
            optional("truncate", STRING).oneOf("NONE", "START", "END"),
            optional("embedding_types", ARRAY).items(STRING).oneOf("float", "int8", "uint8", "binary", "ubinary"));

    static final int DIMENSIONS = 1024;
    static final int MAX_TEXTS = 96;
    static final int MAX_TEXT_CHARS = 2048;

    @Override
    public EmulatedAnswer answer(EmulatedModel model, JsonNode body) {
        validate(body);
        List<String> texts = EmulatorJson.strings(body, "texts");
        String inputType = body.get("input_type").asString();
        List<String> types = EmulatorJson.strings(body, "embedding_types");
        ObjectNode answer = EmulatorJson.object()
                .put("id", EmulatorJson.stableId(model.nameForMatching() + inputType + texts));
        if (types.isEmpty()) {
            ArrayNode embeddings = answer.putArray("embeddings");
            texts.forEach(text -> embeddings.add(SyntheticVectors.floats(vector(model, inputType, text))));
        } else {
            ObjectNode byType = answer.putObject("embeddings");
            for (String type : types) {
                ArrayNode embeddings = byType.putArray(type);
                texts.forEach(text -> embeddings.add(encoded(vector(model, inputType, text), type)));
            }
        }
        ArrayNode echoed = answer.putArray("texts");
        texts.forEach(echoed::add);
        answer.put("response_type", types.isEmpty() ? "embeddings_floats" : "embeddings_by_type");
        return new EmulatedAnswer(answer, EmulatorTokens.count(texts), 0);
    }

    /** The input type is part of the vector: Cohere prepends a token per type, so a query and a document differ. */
    private static float[] vector(EmulatedModel model, String inputType, String text) {
        return SyntheticVectors.of(List.of(model.nameForMatching(), inputType, text), DIMENSIONS, true);
    }

    private static ArrayNode encoded(float[] vector, String type) {
        return switch (type) {
            case "int8" -> SyntheticVectors.bytes(vector, false);
            case "uint8" -> SyntheticVectors.bytes(vector, true);
            case "binary" -> SyntheticVectors.packedBits(vector, false);
            case "ubinary" -> SyntheticVectors.packedBits(vector, true);
            default -> SyntheticVectors.floats(vector);
        };
    }

    private static void validate(JsonNode body) {
        Violations violations = new Violations();
        SCHEMA.check(body, List.of(), violations);
        if (violations.isEmpty()) {
            List<String> texts = EmulatorJson.strings(body, "texts");
            if (texts.size() > MAX_TEXTS) {
                violations.invalid(List.of("texts"), "expected maximum item count: " + MAX_TEXTS + ", found: "
                        + texts.size());
            }
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i).length() > MAX_TEXT_CHARS) {
                    violations.invalid(List.of("texts", Integer.toString(i)), "expected maxLength: " + MAX_TEXT_CHARS
                            + ", actual: " + texts.get(i).length());
                }
            }
        }
        violations.throwAsMalformedInput();
    }
}
