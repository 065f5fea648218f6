package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.FieldRule.optional;
import static dev.bedrockgateway.emulator.JsonType.ARRAY;
import static dev.bedrockgateway.emulator.JsonType.INTEGER;
import static dev.bedrockgateway.emulator.JsonType.NUMBER;
import static dev.bedrockgateway.emulator.JsonType.STRING;

import dev.bedrockgateway.catalog.ConverseFeatures;
import dev.bedrockgateway.catalog.ConverseFeatures.StopSequenceRule;
import dev.bedrockgateway.catalog.ModelFamily;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What Converse hands on to the model itself, checked by the model as Bedrock's model-side validation checks it:
 * {@code additionalModelRequestFields} against the model's own request schema, and Titan's stop sequences. Bedrock
 * wraps these refusals in "The model returned the following errors: ", which sets them apart from Converse's own
 * constraint errors (seen against Bedrock: "The model returned the following errors: Malformed input request: #:
 * extraneous key [top_k] is not permitted, please reformat your input and try again." for Command R).
 */
final class ModelRequestFields {

    static final String MODEL_ERRORS = "The model returned the following errors: ";

    /**
     * Mistral Large's chat-completion request, the native format behind its Converse messages: no top_k
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html).
     */
    static final BodySchema MISTRAL_LARGE_CHAT = BodySchema.of(
            optional("messages", ARRAY),
            optional("tools", ARRAY),
            optional("tool_choice", STRING),
            optional("max_tokens", INTEGER).atLeast(1),
            optional("top_p", NUMBER).range(0, 1),
            optional("temperature", NUMBER).range(0, 1));

    /**
     * The native schemas additional fields are merged into, for the models whose schema the emulator holds and Bedrock
     * applies strictly. Claude and the Converse-only models are let through: newer Claude models take fields
     * ("thinking") that the Claude 3 schema here does not list.
     */
    private static final Map<ModelFamily, BodySchema> NATIVE_SCHEMAS = Map.of(
            ModelFamily.META, LlamaEmulation.SCHEMA,
            ModelFamily.MISTRAL, MISTRAL_LARGE_CHAT,
            ModelFamily.COHERE, CohereEmulation.SCHEMA);

    private ModelRequestFields() {
    }

    /** Refuses what the model would refuse, with Bedrock's wording. */
    static void validate(EmulatedModel model, JsonNode body) {
        checkAdditionalFields(model, body.path("additionalModelRequestFields"));
        StopSequenceRule rule = ConverseFeatures.defaultFor(model.baseModelId()).stopSequences();
        if (rule != null) {
            checkStopSequences(rule, EmulatorJson.strings(body.path("inferenceConfig"), "stopSequences"), MODEL_ERRORS);
        }
    }

    /**
     * Unknown keys are extraneous, known ones are checked as the model checks them (Command R's {@code k} a number
     * from 0 to 500); the keys Converse itself fills (the prompt) are not required here.
     */
    private static void checkAdditionalFields(EmulatedModel model, JsonNode fields) {
        BodySchema schema = nativeSchema(model);
        if (schema == null || !fields.isObject()) {
            return;
        }
        Violations found = new Violations();
        schema.check(fields, List.of(), found);
        Violations violations = new Violations();
        found.all().stream().filter(v -> v.kind() != Violation.Kind.REQUIRED_KEY).forEach(violations::add);
        violations.throwAsMalformedInput(MODEL_ERRORS);
    }

    private static BodySchema nativeSchema(EmulatedModel model) {
        if (TitanTextEmulation.speaks(model)) {
            return TitanTextEmulation.SCHEMA;
        }
        return NATIVE_SCHEMAS.get(model.family());
    }

    /**
     * Titan's rule for stop sequences, on InvokeModel and Converse alike: at most one, and only "User:" or a run of
     * "|" (Bedrock's messages as reported in https://github.com/boto/boto3/issues/3993: "expected maximum item count:
     * 1, found: 5" and "string [Observation] does not match pattern ^(\|+|User:)$").
     *
     * @param prefix what Bedrock puts before "Malformed input request" on this operation
     */
    static void checkStopSequences(StopSequenceRule rule, List<String> stop, String prefix) {
        if (stop.size() > rule.maxCount()) {
            throw malformed(prefix, "expected maximum item count: " + rule.maxCount() + ", found: " + stop.size());
        }
        for (String sequence : stop) {
            if (!rule.matches(sequence)) {
                throw malformed(prefix, "string [" + sequence + "] does not match pattern " + rule.pattern());
            }
        }
    }

    private static BedrockError malformed(String prefix, String violation) {
        return BedrockError.validation(prefix + "Malformed input request: " + violation
                + ", please reformat your input and try again.");
    }
}
