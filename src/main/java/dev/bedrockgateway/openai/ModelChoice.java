package dev.bedrockgateway.openai;

import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.core.GatewayException;

/**
 * OpenAI's {@code model} field read in the gateway's terms: a catalog alias or Bedrock id names a model,
 * {@code route:<name>} names a route, since OpenAI's request has no field of its own for one.
 *
 * @param model the model named, or null
 * @param route the route named, or null
 */
record ModelChoice(String model, String route) {

    static final String ROUTE_PREFIX = "route:";

    static ModelChoice of(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw GatewayException.invalid("model", "model is required: a catalog alias, a Bedrock model id, or"
                        + " route:<name>");
            }
            return new ModelChoice(null, null);
        }
        String name = RequestChecks.optionalName("model", value);
        if (name.startsWith(ROUTE_PREFIX)) {
            return new ModelChoice(null, RequestChecks.optionalName("model (route name)",
                    name.substring(ROUTE_PREFIX.length())));
        }
        return new ModelChoice(name, null);
    }
}
