package dev.bedrockgateway.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic completions: the same model and prompt always give the same text, so tests can pin answers.
 * The text says it is emulated, echoes the start of the last user text, and continues with filler words
 * picked by a seed derived from the prompt.
 */
final class SyntheticText {

    /** Enough echoed characters to recognise the prompt in a log line, few enough to keep replies short. */
    static final int ECHO_CHARS = 60;
    /** Filler length range: long enough that small max-token limits truncate, short enough to read. */
    static final int MIN_FILLER_WORDS = 20;
    static final int MAX_FILLER_WORDS = 40;

    private static final List<String> VOCABULARY = List.of(
            "amber", "basalt", "cedar", "delta", "ember", "fjord", "granite", "harbor",
            "iris", "juniper", "kelp", "lagoon", "meadow", "nimbus", "obsidian", "prairie",
            "quartz", "river", "summit", "tundra", "umber", "valley", "willow", "xenon",
            "yarrow", "zephyr", "canyon", "glacier", "mesa", "pebble", "reef", "sierra");

    private SyntheticText() {
    }

    /**
     * Generates a completion.
     *
     * @param modelId       the id the caller used, echoed in the text
     * @param lastUserText  the text the reply echoes
     * @param promptText    everything the model sees; seeds the filler words
     * @param maxTokens     most words to return, or null for no limit
     * @param stopSequences sequences that end the text where they first appear
     */
    static GeneratedText generate(String modelId, String lastUserText, String promptText, Integer maxTokens, List<String> stopSequences) {
        String full = fullText(modelId, lastUserText, promptText);
        String text = full;
        String matched = null;
        int cut = Integer.MAX_VALUE;
        for (String stop : stopSequences) {
            int at = stop.isEmpty() ? -1 : full.indexOf(stop);
            if (at >= 0 && at < cut) {
                cut = at;
                matched = stop;
            }
        }
        if (matched != null) {
            text = full.substring(0, cut);
        }
        int words = EmulatorTokens.count(text);
        if (maxTokens != null && words > maxTokens) {
            String truncated = EmulatorTokens.firstWords(text, maxTokens);
            return new GeneratedText(truncated, EmulatorTokens.count(truncated), GeneratedText.Ending.LENGTH, null);
        }
        if (matched != null) {
            return new GeneratedText(text, words, GeneratedText.Ending.STOP_SEQUENCE, matched);
        }
        return new GeneratedText(text, words, GeneratedText.Ending.END, null);
    }

    private static String fullText(String modelId, String lastUserText, String promptText) {
        String echo = lastUserText.strip().replaceAll("\\s+", " ");
        if (echo.length() > ECHO_CHARS) {
            echo = echo.substring(0, ECHO_CHARS);
        }
        SplittableRandom random = new SplittableRandom(seed(modelId + "\n" + promptText));
        int count = MIN_FILLER_WORDS + random.nextInt(MAX_FILLER_WORDS - MIN_FILLER_WORDS + 1);
        List<String> filler = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            filler.add(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
        }
        return "Emulated reply from " + modelId + " to \"" + echo + "\": " + String.join(" ", filler) + ".";
    }

    /** A stable 64-bit seed (String.hashCode is only 32 bits and collides easily). */
    static long seed(String material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                seed = (seed << 8) | (digest[i] & 0xFF);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
