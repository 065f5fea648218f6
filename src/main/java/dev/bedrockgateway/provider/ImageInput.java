package dev.bedrockgateway.provider;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;

/** The refusals adapters give before any call when a request carries images the model cannot read. */
public final class ImageInput {

    private ImageInput() {
    }

    /**
     * For a family whose native format has no place for an image (Llama 3's template, Mistral's [INST] markup).
     *
     * @param format the family's format as the caller knows it, e.g. "Llama 3"
     * @throws GatewayException INVALID_REQUEST when any message has an image part
     */
    public static void refuse(GenerationRequest request, ModelSpec model, String format) {
        if (request.hasImages()) {
            throw GatewayException.invalid("Model " + model.alias() + " (" + format + ") does not accept images");
        }
    }

    /**
     * For a family where some models read images and others do not; the catalog says which.
     *
     * @throws GatewayException INVALID_REQUEST when the model is not a vision model
     */
    public static void requireVision(ModelSpec model) {
        if (!model.vision()) {
            throw GatewayException.invalid("Model " + model.alias() + " does not accept images; choose a vision model.");
        }
    }
}
