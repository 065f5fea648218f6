package dev.bedrockgateway.catalog;

import java.util.List;
import java.util.Map;

/**
 * Which of Converse's toolChoice values that force a call a model takes. AWS's API reference (ToolChoice,
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html) names "any" for Claude 3 and
 * Mistral Large and "tool" for Claude 3 and Amazon Nova; every other model with tool use takes "auto" only and
 * refuses the field. Structured outputs force their one tool with the strongest choice the model takes.
 */
public enum ToolForcing {
    /** {@code toolChoice.tool}: the named tool must be called. */
    TOOL,
    /** {@code toolChoice.any}: some tool must be called; with one tool offered, that one. */
    ANY,
    /** Only {@code auto}: the model decides, and may answer in text. */
    AUTO;

    /** By model-id prefix, most specific first. */
    private static final List<Map.Entry<String, ToolForcing>> BY_ID_PREFIX = List.of(
            Map.entry("anthropic.claude", TOOL),
            Map.entry("amazon.nova", TOOL),
            Map.entry("mistral.mistral-large", ANY));

    /**
     * What a model takes.
     *
     * @param baseModelId the plain model id, or null when its identifier hides it (then judged by family)
     */
    public static ToolForcing of(String baseModelId, ModelFamily family) {
        if (baseModelId == null) {
            return family == ModelFamily.ANTHROPIC ? TOOL : AUTO;
        }
        return ModelIds.byPrefix(BY_ID_PREFIX, baseModelId, AUTO);
    }

    /** What the catalog model takes. */
    public static ToolForcing of(ModelSpec model) {
        return of(ModelIds.baseModelId(model.id()), model.family());
    }
}
