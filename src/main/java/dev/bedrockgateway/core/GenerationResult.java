package dev.bedrockgateway.core;

import java.util.List;

/**
 * What a model answered, in the gateway's own terms.
 *
 * @param text         the generated text ("" for image models)
 * @param images       generated images (empty for text models)
 * @param finishReason why the model stopped
 * @param usage        tokens consumed
 * @param toolCalls    the tools the model asked the caller to call, in order (empty when it answered in text only)
 */
public record GenerationResult(String text, List<GeneratedImage> images, FinishReason finishReason, Usage usage,
                               List<ToolCall> toolCalls) {

    public GenerationResult {
        text = text == null ? "" : text;
        images = images == null ? List.of() : List.copyOf(images);
        usage = usage == null ? Usage.NONE : usage;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A result without tool calls. */
    public GenerationResult(String text, List<GeneratedImage> images, FinishReason finishReason, Usage usage) {
        this(text, images, finishReason, usage, List.of());
    }

    public static GenerationResult text(String text, FinishReason finishReason, Usage usage) {
        return new GenerationResult(text, List.of(), finishReason, usage);
    }
}
