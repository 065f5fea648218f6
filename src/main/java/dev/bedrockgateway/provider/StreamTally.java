package dev.bedrockgateway.provider;

import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What one streamed call has reported so far besides its text: the finish reason and the token counts. One per call,
 * fed by one subscriber's serial signals, so plain fields are enough.
 */
public final class StreamTally {

    /** Bedrock appends these to the last chunk of every InvokeModelWithResponseStream family. */
    static final String INVOCATION_METRICS = "amazon-bedrock-invocationMetrics";

    private Integer inputTokens;
    private Integer outputTokens;
    private int metricsInputTokens;
    private int metricsOutputTokens;
    private FinishReason finishReason;

    public void inputTokens(JsonNode count) {
        if (count.isIntegralNumber()) {
            inputTokens = count.intValue();
        }
    }

    public void outputTokens(JsonNode count) {
        if (count.isIntegralNumber()) {
            outputTokens = count.intValue();
        }
    }

    /** Records a finish reason once the family sends one; the null of earlier chunks changes nothing. */
    public void finishReason(JsonNode reason, Map<String, FinishReason> known) {
        if (reason.isString()) {
            finishReason = NativeJson.finishReason(reason, known);
        }
    }

    public void finishReason(FinishReason reason) {
        finishReason = reason;
    }

    /** Counts reported as a whole (Converse's metadata event). */
    public void usage(Usage usage) {
        inputTokens = usage.inputTokens();
        outputTokens = usage.outputTokens();
    }

    /** Whether this is a stream's last chunk: Bedrock puts its invocation metrics on that one alone. */
    static boolean isLast(JsonNode chunk) {
        return chunk.path(INVOCATION_METRICS).isObject();
    }

    /** Reads the invocation metrics if this chunk carries them. */
    void invocationMetrics(JsonNode chunk) {
        JsonNode metrics = chunk.path(INVOCATION_METRICS);
        if (metrics.isObject()) {
            metricsInputTokens = metrics.path("inputTokenCount").asInt(0);
            metricsOutputTokens = metrics.path("outputTokenCount").asInt(0);
        }
    }

    /**
     * The end of the stream: counts the family sent in its own chunks win, as its body's counts win over the headers
     * in a non-streaming answer; Bedrock's invocation metrics stand in for any it left out. A stream that ended
     * without a reason ended naturally as far as we can tell.
     */
    public StreamEvent.End end() {
        return new StreamEvent.End(finishReason == null ? FinishReason.STOP : finishReason, new Usage(
                inputTokens != null ? inputTokens : metricsInputTokens,
                outputTokens != null ? outputTokens : metricsOutputTokens));
    }
}
