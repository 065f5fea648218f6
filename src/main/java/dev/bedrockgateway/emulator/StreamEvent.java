package dev.bedrockgateway.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event of a streamed answer before it is framed.
 *
 * @param name    the event-stream {@code :event-type}: "chunk" for InvokeModelWithResponseStream, the member name for ConverseStream
 * @param payload the family's chunk JSON (wrapped as {@code {"bytes"}} when framed) or the Converse member itself
 * @param token   whether it carries generated text, so token pacing applies to it
 */
record StreamEvent(String name, ObjectNode payload, boolean token) {

    static final String CHUNK = "chunk";

    /**
     * One text-carrying event per one-token piece of {@code text}, so the pieces concatenated are exactly the text.
     *
     * @param shape the payload for a piece and its 1-based position (the tokens generated so far)
     */
    static List<StreamEvent> perPiece(String name, String text, BiFunction<String, Integer, ObjectNode> shape) {
        List<String> pieces = EmulatorTokens.pieces(text);
        List<StreamEvent> events = new ArrayList<>(pieces.size());
        for (int i = 0; i < pieces.size(); i++) {
            events.add(new StreamEvent(name, shape.apply(pieces.get(i), i + 1), true));
        }
        return events;
    }

    /** An InvokeModelWithResponseStream chunk with no new text (a start, stop or usage chunk). */
    static StreamEvent chunk(ObjectNode payload) {
        return new StreamEvent(CHUNK, payload, false);
    }
}
