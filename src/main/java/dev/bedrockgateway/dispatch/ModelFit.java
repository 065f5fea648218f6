package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.routing.TokenEstimate;

/** Whether a model can take a request at all, judged before calling it. */
final class ModelFit {

    private ModelFit() {
    }

    /** The reason the model cannot serve the request, or null when it can. */
    static GatewayException check(GenerationRequest request, ModelSpec model) {
        if (request.task() == Task.IMAGE) {
            return null;
        }
        if (request.hasImages() && !model.vision()) {
            return new GatewayException(ErrorKind.UNSUPPORTED_BY_MODEL,
                    "Model " + model.alias() + " does not accept images; use a vision model such as Claude 3");
        }
        Integer maxTokens = request.parameters().maxTokens();
        if (maxTokens != null && maxTokens > model.maxOutputTokens()) {
            return GatewayException.invalid("parameters.max_tokens " + maxTokens + " is above the limit of model "
                    + model.alias() + " (" + model.maxOutputTokens() + ")");
        }
        int estimated = TokenEstimate.input(request);
        int reserved = maxTokens != null ? maxTokens : 0;
        if (estimated + reserved > model.contextWindow()) {
            return new GatewayException(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "The prompt (about " + estimated
                    + " tokens) plus max_tokens (" + reserved + ") does not fit the context window of model "
                    + model.alias() + " (" + model.contextWindow() + " tokens)");
        }
        return null;
    }
}
