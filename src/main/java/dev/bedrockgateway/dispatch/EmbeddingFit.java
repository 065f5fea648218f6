package dev.bedrockgateway.dispatch;

import dev.bedrockgateway.catalog.EmbeddingLimits;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.GatewayException;
import java.util.stream.Collectors;

/**
 * Whether an embedding model can take a request, judged before calling it: a route skips a model that cannot, and a
 * model the caller named refuses with a 400 that names its limit.
 */
final class EmbeddingFit {

    private EmbeddingFit() {
    }

    /** The reason the model cannot serve the request, or null when it can. */
    static GatewayException check(EmbeddingRequest request, ModelSpec model) {
        EmbeddingLimits limits = model.family().embedding();
        Integer dimensions = request.dimensions();
        if (dimensions != null && !limits.makes(dimensions)) {
            return GatewayException.invalid("dimensions " + dimensions + " is not offered by model " + model.alias()
                    + "; it makes vectors of " + limits.dimensions().stream().sorted().map(String::valueOf)
                    .collect(Collectors.joining(", ")) + " dimensions");
        }
        int longest = request.longestInput();
        if (longest > limits.maxInputChars()) {
            return GatewayException.invalid("An input has " + longest + " characters; model " + model.alias()
                    + " embeds at most " + limits.maxInputChars() + " characters per input");
        }
        return null;
    }
}
