package dev.bedrockgateway.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one model takes through Bedrock's Converse API beyond plain messages, so the Converse adapter sends only what
 * the model accepts: Bedrock refuses the rest with a ValidationException after the call has been made.
 *
 * <p>Vision and tool use, the table's other columns, are {@link ModelSpec#vision()} and {@link ModelSpec#tools()}.
 *
 * @param systemPrompt  whether Converse's {@code system} field is accepted ("System prompts" column); without it the
 *                      adapter folds the system prompt into the first user turn
 * @param documents     whether document content blocks are accepted ("Document chat" column); the gateway sends none
 *                      yet, it is carried for completeness
 * @param topKField     where the model reads top-k in {@code additionalModelRequestFields}: a field name ("top_k",
 *                      "k") or a dotted path into a nested object ("inferenceConfig.topK"); null when it has none
 * @param stopSequences the stop sequences the model accepts, or null when it takes any
 */
public record ConverseFeatures(boolean systemPrompt, boolean documents, String topKField,
                               StopSequenceRule stopSequences) {

    /** The configuration value that says the model has no top-k field. */
    public static final String NO_FIELD = "none";

    /** A field name, or names joined by dots for a nested object. */
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /**
     * Titan Text through Converse too: only "User:" or a run of "|" as a stop sequence, and one at most. Bedrock
     * answers anything else with "Malformed input request: string [X] does not match pattern ^(\|+|User:)$" and more
     * than one with "expected maximum item count: 1" (seen against Bedrock and reported in
     * https://github.com/boto/boto3/issues/3993; the stopSequences parameter of
     * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html).
     */
    public static final StopSequenceRule TITAN_STOP_SEQUENCES = new StopSequenceRule("^(\\|+|User:)$", 1);

    /** Any stop sequence, every Converse field: the table's "Yes" row. */
    private static final ConverseFeatures FULL = new ConverseFeatures(true, true, null, null);

    /**
     * By model-id prefix, most specific first. Columns "System prompts" and "Document chat" are from AWS's table
     * https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html
     * (Amazon Titan models: no system prompt, documents except Titan Text Premier; Nova Micro: no documents;
     * Jamba-Instruct: no documents). The top-k field is each family's own parameter, which Converse passes through
     * additionalModelRequestFields unchanged:
     * <ul>
     *   <li>Claude "top_k": https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
     *       (its additionalModelRequestFields example)</li>
     *   <li>Mistral 7B, Mixtral and Small "top_k": their text-completion parameters,
     *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-text-completion.html; Mistral
     *       Large none, as its chat-completion parameters have none (max_tokens, top_p, temperature only):
     *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-mistral-chat-completion.html</li>
     *   <li>Command R "k": https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-cohere-command-r-plus.html</li>
     *   <li>Nova "inferenceConfig.topK": https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html
     *       ("placed within an additional inferenceConfig object within the additionalModelRequestFields")</li>
     *   <li>Titan none (temperature, topP, maxTokenCount, stopSequences only):
     *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-text.html</li>
     *   <li>Llama none (prompt, temperature, top_p, max_gen_len only):
     *       https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html</li>
     * </ul>
     * Bedrock refuses any other key as "extraneous key [top_k] is not permitted".
     */
    private static final List<Map.Entry<String, ConverseFeatures>> BY_ID_PREFIX = List.of(
            Map.entry("amazon.titan-text-premier", new ConverseFeatures(false, false, null, TITAN_STOP_SEQUENCES)),
            Map.entry("amazon.titan-text", new ConverseFeatures(false, true, null, TITAN_STOP_SEQUENCES)),
            Map.entry("amazon.nova-micro", new ConverseFeatures(true, false, "inferenceConfig.topK", null)),
            Map.entry("amazon.nova", new ConverseFeatures(true, true, "inferenceConfig.topK", null)),
            Map.entry("anthropic.claude", new ConverseFeatures(true, true, "top_k", null)),
            Map.entry("mistral.mistral-large", FULL),
            Map.entry("mistral.", new ConverseFeatures(true, true, "top_k", null)),
            Map.entry("cohere.command-r", new ConverseFeatures(true, true, "k", null)),
            Map.entry("meta.llama", FULL),
            Map.entry("ai21.jamba-instruct", new ConverseFeatures(true, false, null, null)),
            Map.entry("ai21.jamba", FULL));

    public ConverseFeatures {
        if (topKField != null && !FIELD_PATH.matcher(topKField).matches()) {
            throw new IllegalArgumentException("not a field name or dotted path: " + topKField);
        }
    }

    /**
     * What a model can take when its catalog entry does not say. A model the table does not name takes a system
     * prompt (every chat model in the table but Titan does) and gets no top-k: an unknown field would fail the call.
     *
     * @param baseModelId the plain model id, or null when its identifier hides it
     */
    public static ConverseFeatures defaultFor(String baseModelId) {
        if (baseModelId == null) {
            return FULL;
        }
        return ModelIds.byPrefix(BY_ID_PREFIX, baseModelId, FULL);
    }

    /** Whether a configured top-k field is a field name, a dotted path, or {@link #NO_FIELD}. */
    public static boolean isFieldPath(String value) {
        return NO_FIELD.equals(value) || FIELD_PATH.matcher(value).matches();
    }

    /** These features with the configured ones in place of the defaults; a null leaves the default. */
    public ConverseFeatures overriddenBy(Boolean systemPrompt, Boolean documents, String topKField) {
        String field = topKField == null ? this.topKField : NO_FIELD.equals(topKField) ? null : topKField;
        return new ConverseFeatures(systemPrompt == null ? this.systemPrompt : systemPrompt,
                documents == null ? this.documents : documents, field, stopSequences);
    }

    /** The stop sequences the model would take, in order; all of them when it takes any. */
    public List<String> acceptedStopSequences(List<String> stop) {
        return stopSequences == null ? stop : stopSequences.accepted(stop);
    }

    /**
     * The stop sequences a model takes.
     *
     * @param pattern  what each must match, as Bedrock writes it in its message
     * @param maxCount how many it takes at most
     */
    public record StopSequenceRule(String pattern, int maxCount) {

        /** The sequences that match, the first {@code maxCount} of them. */
        public List<String> accepted(List<String> stop) {
            Pattern compiled = Pattern.compile(pattern);
            List<String> accepted = new ArrayList<>();
            for (String sequence : stop) {
                if (accepted.size() < maxCount && compiled.matcher(sequence).matches()) {
                    accepted.add(sequence);
                }
            }
            return List.copyOf(accepted);
        }

        /** Whether one sequence matches the pattern. */
        public boolean matches(String sequence) {
            return Pattern.compile(pattern).matcher(sequence).matches();
        }
    }
}
