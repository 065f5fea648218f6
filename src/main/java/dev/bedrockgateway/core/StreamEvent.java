package dev.bedrockgateway.core;

/**
 * One event of a streamed answer, in the gateway's own terms: text as it arrives, then one end.
 * Every wire format (the native SSE, OpenAI's chunks) renders this one stream.
 */
public sealed interface StreamEvent {

    /** New text, to be appended to what came before. */
    record Delta(String text) implements StreamEvent {
    }

    /**
     * The last event of a stream that finished normally.
     *
     * @param finishReason why the model stopped
     * @param usage        tokens the whole call consumed
     */
    record End(FinishReason finishReason, Usage usage) implements StreamEvent {

        public End {
            finishReason = finishReason == null ? FinishReason.STOP : finishReason;
            usage = usage == null ? Usage.NONE : usage;
        }
    }
}
