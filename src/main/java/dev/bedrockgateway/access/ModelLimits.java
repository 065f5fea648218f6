package dev.bedrockgateway.access;

/**
 * A key's request and token rates for one model or route (by its alias or route name), on top of the key's own
 * limits: a key may call everything, but only so much of an expensive model. A null field is unlimited.
 */
public record ModelLimits(Integer requestsPerMinute, Integer tokensPerMinute) {

    /**
     * These limits, refused with a 400 naming the field when one is zero or negative.
     *
     * @param model the model or route they are for, to name the field
     */
    public ModelLimits checked(String model) {
        Limits.positive("model_limits." + model + ".requests_per_minute", requestsPerMinute);
        Limits.positive("model_limits." + model + ".tokens_per_minute", tokensPerMinute);
        return this;
    }
}
