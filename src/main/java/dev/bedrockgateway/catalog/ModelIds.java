package dev.bedrockgateway.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How Bedrock names a model: a plain id, a cross-region inference-profile id, or an ARN.
 */
public final class ModelIds {

    /** Prefixes of cross-region inference profiles ("us.anthropic.claude-3-sonnet-20240229-v1:0"). */
    public static final List<String> REGION_PREFIXES = List.of("us.", "eu.", "apac.", "us-gov.", "ca.", "jp.", "au.", "global.");

    private ModelIds() {
    }

    public static boolean isArn(String id) {
        return id.startsWith("arn:");
    }

    /**
     * The plain model id inside a profile id or a foundation-model/inference-profile ARN,
     * or null when the identifier does not reveal it (provisioned throughput, custom models).
     */
    public static String baseModelId(String id) {
        String candidate = id;
        if (isArn(id)) {
            int slash = id.lastIndexOf('/');
            if (slash < 0 || !(id.contains(":foundation-model/") || id.contains(":inference-profile/"))) {
                return null;
            }
            candidate = id.substring(slash + 1);
        }
        for (String prefix : REGION_PREFIXES) {
            if (candidate.startsWith(prefix)) {
                return candidate.substring(prefix.length());
            }
        }
        return candidate;
    }

    /**
     * The value of the first entry whose id prefix the model id starts with (tables list the most specific first),
     * else {@code otherwise}: how the catalog's defaults by model id are looked up.
     */
    static <T> T byPrefix(List<Map.Entry<String, T>> table, String baseModelId, T otherwise) {
        String id = baseModelId.toLowerCase(Locale.ROOT);
        return table.stream()
                .filter(entry -> id.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(otherwise);
    }
}
