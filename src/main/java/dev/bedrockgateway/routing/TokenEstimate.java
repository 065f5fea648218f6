package dev.bedrockgateway.routing;

import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Part;

/** A rough count of a prompt's tokens, for decisions taken before any model has counted them. */
public final class TokenEstimate {

    /** English text averages about four characters per token; Bedrock's own count is what gets billed. */
    private static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    public static int input(GenerationRequest request) {
        long chars = request.system() == null ? 0 : request.system().length();
        for (Message message : request.messages()) {
            for (Part part : message.parts()) {
                if (part.isText()) {
                    chars += part.text().length();
                }
            }
        }
        return tokens(chars);
    }

    /** The tokens of texts read one after another (an embedding request's inputs). */
    public static int texts(java.util.List<String> texts) {
        long chars = 0;
        for (String text : texts) {
            chars += text.length();
        }
        return tokens(chars);
    }

    /** The tokens of this many characters of text. */
    public static int characters(long chars) {
        return tokens(chars);
    }

    private static int tokens(long chars) {
        return (int) Math.min(Integer.MAX_VALUE, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }
}
