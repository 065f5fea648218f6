package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An adapter for a family reached through InvokeModel: it only maps JSON both ways. */
public interface InvokeModelAdapter extends ModelAdapter {

    /** The family's native request body, before {@code provider_options} are merged in. */
    ObjectNode requestBody(GenerationRequest request, ModelSpec model);

    /** The canonical result of the family's native answer; token counts may come from the headers. */
    GenerationResult parseResponse(JsonNode body, InvokeResult result);

    @Override
    default Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromSupplier(() -> NativeJson.bytes(NativeJson.withOptions(requestBody(request, model), request)))
                .flatMap(body -> transport.invoke(model.id(), body))
                .map(result -> parseResponse(NativeJson.read(result.body(), model), result));
    }
}
