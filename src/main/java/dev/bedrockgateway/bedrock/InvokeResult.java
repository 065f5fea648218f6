package dev.bedrockgateway.bedrock;

/**
 * Bedrock's answer to InvokeModel: the family's native JSON, plus the token counts Bedrock reports in
 * the {@code X-Amzn-Bedrock-Input-Token-Count} / {@code -Output-Token-Count} headers (null when absent).
 */
public record InvokeResult(byte[] body, Integer inputTokenCount, Integer outputTokenCount) {
}
