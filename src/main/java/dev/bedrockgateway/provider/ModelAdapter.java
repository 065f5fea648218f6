package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.StreamEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Translates the canonical request into one model family's Bedrock call and its answer back. */
public interface ModelAdapter {

    ModelFamily family();

    /**
     * Calls the model. A request the model cannot take (a size SDXL does not make, an image for a text-only
     * model) fails with an INVALID_REQUEST {@link dev.bedrockgateway.core.GatewayException} before any call.
     */
    Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport);

    /**
     * Calls the model and streams its answer: {@link StreamEvent.Delta}s as the text arrives, then one
     * {@link StreamEvent.End}. Families that cannot stream refuse with INVALID_REQUEST before any call.
     */
    default Flux<StreamEvent> stream(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return cannotStream(model);
    }

    /**
     * The request's input tokens, counted by Bedrock's CountTokens for the model without running it. Only the Converse
     * adapter counts ({@link ModelAdapters#forCounting}): CountTokens takes a Converse-shaped input for every model.
     */
    default Mono<Integer> countTokens(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.error(new UnsupportedOperationException(family() + " does not count tokens"));
    }

    /** The refusal of a family that answers only whole (SDXL's images): a 400 the caller can act on. */
    static <T> Flux<T> cannotStream(ModelSpec model) {
        return Flux.error(GatewayException.invalid("Model " + model.alias() + " cannot stream its answer;"
                + " send \"stream\": false"));
    }
}
