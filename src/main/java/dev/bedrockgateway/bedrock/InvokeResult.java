package dev.bedrockgateway.bedrock;

import dev.bedrockgateway.core.Usage;

/**
 * Bedrock's answer to InvokeModel: the family's native JSON, plus the token counts Bedrock reports in
 * the {@code X-Amzn-Bedrock-Input-Token-Count} / {@code -Output-Token-Count} headers (null when absent).
 */
public record InvokeResult(byte[] body, Integer inputTokenCount, Integer outputTokenCount) {

    /** The header counts as usage; a header Bedrock left out counts 0. */
    public Usage headerUsage() {
        return new Usage(inputTokenCount == null ? 0 : inputTokenCount,
                outputTokenCount == null ? 0 : outputTokenCount);
    }
}
