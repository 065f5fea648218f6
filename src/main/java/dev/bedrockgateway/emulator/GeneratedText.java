package dev.bedrockgateway.emulator;

/**
 * A synthetic completion and why it ended.
 *
 * @param text         the completion
 * @param outputTokens its length in emulator tokens (words)
 * @param ending       why generation stopped
 * @param stopSequence the stop sequence that ended it, or null
 */
record GeneratedText(String text, int outputTokens, Ending ending, String stopSequence) {

    /** Why generation stopped, before each family words it its own way. */
    enum Ending {
        /** The model finished on its own. */
        END,
        /** The max-tokens parameter cut it. */
        LENGTH,
        /** A requested stop sequence appeared. */
        STOP_SEQUENCE
    }
}
