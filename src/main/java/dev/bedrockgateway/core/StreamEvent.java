package dev.bedrockgateway.core;

/**
 * One event of a streamed answer, in the gateway's own terms: text and tool calls as they arrive, then one end.
 * Every wire format (the native SSE, OpenAI's chunks) renders this one stream.
 */
public sealed interface StreamEvent {

    /** New text, to be appended to what came before. */
    record Delta(String text) implements StreamEvent {
    }

    /**
     * A piece of a tool call. The first piece of each call carries its id and name; later ones only more of the
     * arguments' JSON text, to be appended to what came before for the same index.
     *
     * @param index     the call's position among the answer's tool calls, from 0
     * @param id        the call's id, on its first piece only
     * @param name      the tool's name, on its first piece only
     * @param arguments the next fragment of the arguments' JSON text ("" for none)
     */
    record ToolCallDelta(int index, String id, String name, String arguments) implements StreamEvent {

        public ToolCallDelta {
            arguments = arguments == null ? "" : arguments;
        }
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
