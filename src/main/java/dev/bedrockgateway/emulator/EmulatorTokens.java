package dev.bedrockgateway.emulator;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The emulator's notion of a token: one whitespace-separated word. Real tokenizers differ per model;
 * words keep the counts readable in tests and proportional to the text, which is what usage and cost need.
 */
final class EmulatorTokens {

    /** A split point between a non-space and the whitespace before the next word. */
    private static final Pattern WORD_START = Pattern.compile("(?<=\\S)(?=\\s+\\S)");

    private EmulatorTokens() {
    }

    static int count(String text) {
        return words(text).size();
    }

    static int count(List<String> texts) {
        return texts.stream().mapToInt(EmulatorTokens::count).sum();
    }

    static List<String> words(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    /**
     * The text cut into one-token pieces, each word with the whitespace before it, so that the pieces
     * concatenated give back exactly the text (a stream must carry the same text the non-streaming answer does).
     */
    static List<String> pieces(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(WORD_START.split(text));
    }

    /** The first {@code limit} words of {@code text}, joined by single spaces. */
    static String firstWords(String text, int limit) {
        List<String> words = words(text);
        return String.join(" ", words.subList(0, Math.min(limit, words.size())));
    }
}
