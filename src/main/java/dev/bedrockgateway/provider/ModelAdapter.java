package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import reactor.core.publisher.Mono;

/** Translates the canonical request into one model family's Bedrock call and its answer back. */
public interface ModelAdapter {

    ModelFamily family();

    /**
     * Calls the model. A request the model cannot take (a size SDXL does not make, an image for a text-only
     * model) fails with an INVALID_REQUEST {@link dev.bedrockgateway.core.GatewayException} before any call.
     */
    Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport);
}
