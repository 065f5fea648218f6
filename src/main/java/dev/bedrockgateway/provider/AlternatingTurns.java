package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conversation in the shape Claude's Messages API and Bedrock's Converse API demand: turns that open with
 * the user and strictly alternate between user and assistant.
 */
public final class AlternatingTurns {

    private AlternatingTurns() {
    }

    /**
     * The messages with every run of same-role messages merged into one whose parts are the run's parts in order.
     * Merging rather than rejecting, because callers often send two user messages in a row (context, then question)
     * and both models read the merged turn the same way.
     *
     * @throws GatewayException INVALID_REQUEST when there are no messages or the first one is not the user's
     */
    public static List<Message> of(List<Message> messages, ModelSpec model) {
        if (messages.isEmpty()) {
            throw GatewayException.invalid("The request has no messages: send a prompt or at least one user message.");
        }
        Role first = messages.get(0).role();
        if (first != Role.USER) {
            throw GatewayException.invalid("Model " + model.alias() + " needs the conversation to start with a user"
                    + " message, but the first message is from the " + first.name().toLowerCase(Locale.ROOT)
                    + ". Start with a user message, or put instructions in \"system\".");
        }
        List<Message> turns = new ArrayList<>(messages.size());
        for (Message message : messages) {
            int last = turns.size() - 1;
            if (last >= 0 && turns.get(last).role() == message.role()) {
                turns.set(last, joined(turns.get(last), message));
            } else {
                turns.add(message);
            }
        }
        return List.copyOf(turns);
    }

    private static Message joined(Message earlier, Message later) {
        List<Part> parts = new ArrayList<>(earlier.parts());
        parts.addAll(later.parts());
        return new Message(earlier.role(), parts);
    }
}
