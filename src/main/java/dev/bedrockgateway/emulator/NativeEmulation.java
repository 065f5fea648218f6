package dev.bedrockgateway.emulator;

import tools.jackson.databind.JsonNode;

/** One model family's InvokeModel body: validated the way Bedrock does, answered in the family's native shape. */
interface NativeEmulation {

    /**
     * Validates {@code body} and answers it.
     *
     * @throws BedrockError a {@code ValidationException} worded as Bedrock words it
     */
    EmulatedAnswer answer(EmulatedModel model, JsonNode body);
}
