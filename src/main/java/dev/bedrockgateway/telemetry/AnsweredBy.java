package dev.bedrockgateway.telemetry;

import dev.bedrockgateway.catalog.ModelSpec;
import java.util.List;

/**
 * Who answered a request, as the meters tag it.
 *
 * @param api       the API's name (native, openai)
 * @param model     the model that answered or is streaming
 * @param route     the route followed
 * @param fallbacks the moves from model to model before it, in order
 * @param tries     every try on the way, at which deployment, in order
 */
public record AnsweredBy(String api, ModelSpec model, String route, List<Fallback> fallbacks, List<Try> tries) {

    public AnsweredBy {
        fallbacks = List.copyOf(fallbacks);
        tries = List.copyOf(tries);
    }
}
