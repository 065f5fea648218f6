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

    /**
     * The reason the model cannot serve the request, or null when it can.
     *
     * @param streaming whether the answer is to be streamed, which some models cannot do with tools
     */
    static GatewayException check(GenerationRequest request, ModelSpec model, boolean streaming) {
        if (request.task() == Task.IMAGE) {
            return null;
        }
        if (request.hasImages() && !model.vision()) {
            return new GatewayException(ErrorKind.UNSUPPORTED_BY_MODEL,
                    "Model " + model.alias() + " does not accept images; use a vision model such as Claude 3");
        }
        GatewayException tools = toolFit(request, model, streaming);
        if (tools != null) {
            return tools;
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

    /**
     * A 400 rather than a 422: the caller asked a model for something Bedrock does not let it do, not too much. A
     * response format is a forced tool call, so it needs the same support as tools.
     */
    private static GatewayException toolFit(GenerationRequest request, ModelSpec model, boolean streaming) {
        if (request.responseFormat() != null) {
            return structuredOutputFit(model, streaming);
        }
        if (!request.offersTools()) {
            return null;
        }
        if (!model.tools().calls()) {
            return GatewayException.invalid("tools", "Model " + model.alias() + " does not support tool calls;"
                    + " choose a model that does (such as Claude 3), or leave out tools");
        }
        if (streaming && !model.tools().streams()) {
            return GatewayException.invalid("stream", "Model " + model.alias() + " does not support tool calls in"
                    + " streamed answers; send stream: false, or choose a model that streams them (such as Claude 3)");
        }
        return null;
    }

    private static GatewayException structuredOutputFit(ModelSpec model, boolean streaming) {
        if (!model.tools().calls()) {
            return GatewayException.invalid("response_format", "Model " + model.alias() + " cannot give structured"
                    + " outputs: the gateway enforces them through tool use, which Bedrock does not offer for it;"
                    + " choose a model with tool use (such as Claude 3), or leave out the response format");
        }
        if (streaming && !model.tools().streams()) {
            return GatewayException.invalid("stream", "Model " + model.alias() + " cannot stream structured outputs"
                    + " (Bedrock does not stream its tool calls); send stream: false, or choose a model that streams"
                    + " them (such as Claude 3)");
        }
        return null;
    }
}
