package dev.bedrockgateway.emulator;

import tools.jackson.databind.node.ObjectNode;

/**
 * A successful answer before it is written: the family's JSON and the token counts for the headers.
 *
 * @param body         the answer body
 * @param inputTokens  emulator tokens (words) the model read
 * @param outputTokens emulator tokens (words) it wrote
 */
record EmulatedAnswer(ObjectNode body, int inputTokens, int outputTokens) {
}
