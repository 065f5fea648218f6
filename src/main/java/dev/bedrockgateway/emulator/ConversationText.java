package dev.bedrockgateway.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The text a model sees in a role-based conversation (Claude's Messages body, Converse): every system and
 * message text in order, and the last user turn, which the synthetic reply echoes.
 *
 * @param seen          every text, system first, for counting input tokens
 * @param lastUserText  the last user message's text
 */
record ConversationText(List<String> seen, String lastUserText) {

    /**
     * @param systemTexts the system prompt's texts
     * @param messages    the body's messages array, each with "role" and "content"
     * @param textsOf     the texts of one message's content, in the body's own block format
     */
    static ConversationText of(List<String> systemTexts, JsonNode messages, Function<JsonNode, List<String>> textsOf) {
        List<String> seen = new ArrayList<>(systemTexts);
        String lastUserText = "";
        for (JsonNode message : messages.values()) {
            String text = String.join("\n", textsOf.apply(message.get("content")));
            seen.add(text);
            if ("user".equals(message.get("role").asString())) {
                lastUserText = text;
            }
        }
        return new ConversationText(List.copyOf(seen), lastUserText);
    }

    /** Everything seen, one text per line: the prompt the synthetic reply is derived from. */
    String promptText() {
        return String.join("\n", seen);
    }
}
