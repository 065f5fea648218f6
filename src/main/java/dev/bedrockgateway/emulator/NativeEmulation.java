package dev.bedrockgateway.emulator;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One model family's InvokeModel body: validated the way Bedrock does, answered in the family's native shape. */
interface NativeEmulation {

    /**
     * Validates {@code body} and answers it.
     *
     * @throws BedrockError a {@code ValidationException} worded as Bedrock words it
     */
    EmulatedAnswer answer(EmulatedModel model, JsonNode body);

    /**
     * The same answer as InvokeModelWithResponseStream sends it: the family's chunks, text in one-token pieces.
     * The emulator adds {@code amazon-bedrock-invocationMetrics} to the last chunk as it sends it.
     *
     * @param answer what {@link #answer} gave for the request, so both operations carry the same text and counts
     */
    default List<StreamEvent> streamChunks(EmulatedAnswer answer) {
        throw BedrockError.validation("The model is unsupported for streaming.");
    }
}
