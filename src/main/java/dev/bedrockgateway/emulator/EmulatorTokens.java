package dev.bedrockgateway.emulator;

import java.util.Arrays;
import java.util.List;

/**
 * The emulator's notion of a token: one whitespace-separated word. Real tokenizers differ per model;
 * words keep the counts readable in tests and proportional to the text, which is what usage and cost need.
 */
final class EmulatorTokens {

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

    /** The first {@code limit} words of {@code text}, joined by single spaces. */
    static String firstWords(String text, int limit) {
        List<String> words = words(text);
        return String.join(" ", words.subList(0, Math.min(limit, words.size())));
    }
}
