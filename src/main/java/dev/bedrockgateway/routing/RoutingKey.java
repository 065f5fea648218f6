package dev.bedrockgateway.routing;

import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Task;
import java.util.function.IntSupplier;

/**
 * What routing reads of a request, whatever its kind: its task, the model or route it names, its metadata (sticky
 * splits, rules on tags), the output it asks for and an estimate of its input (rules on size, the cheapest strategy).
 *
 * @param maxOutputTokens the most output tokens the request allows, or null when it sets no limit
 * @param inputTokens     estimates the input's tokens; asked only by a rule or strategy that needs it
 */
public record RoutingKey(Task task, String model, String route, RequestMetadata metadata, Integer maxOutputTokens,
                         IntSupplier inputTokens) {

    public RoutingKey {
        metadata = metadata == null ? RequestMetadata.NONE : metadata;
    }

    public static RoutingKey of(GenerationRequest request) {
        return new RoutingKey(request.task(), request.model(), request.route(), request.metadata(),
                request.parameters().maxTokens(), () -> TokenEstimate.input(request));
    }

    /** An embedding request writes no output; its input is the texts it embeds. */
    public static RoutingKey of(EmbeddingRequest request) {
        return new RoutingKey(Task.EMBED, request.model(), request.route(), request.metadata(), 0,
                () -> TokenEstimate.texts(request.inputs()));
    }

    public int estimatedInputTokens() {
        return inputTokens.getAsInt();
    }
}
