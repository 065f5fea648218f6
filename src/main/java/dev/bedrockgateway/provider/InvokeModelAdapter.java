package dev.bedrockgateway.provider;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.StreamEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An adapter for a family reached through InvokeModel: it only maps JSON both ways. */
public interface InvokeModelAdapter extends ModelAdapter {

    /** The family's native request body, before {@code provider_options} are merged in. */
    ObjectNode requestBody(GenerationRequest request, ModelSpec model);

    /** The canonical result of the family's native answer; token counts may come from the headers. */
    GenerationResult parseResponse(JsonNode body, InvokeResult result);

    /**
     * Reads one stream chunk of the family's JSON: returns the new text it carries ("" or null for none) and notes
     * its finish reason and token counts in the call's tally.
     */
    String readChunk(JsonNode chunk, StreamTally tally);

    @Override
    default Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromSupplier(() -> requestBodyBytes(request, model))
                .flatMap(body -> transport.invoke(model.id(), body))
                .map(result -> parseResponse(NativeJson.read(result.body(), model), result));
    }

    @Override
    default Flux<StreamEvent> stream(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromSupplier(() -> requestBodyBytes(request, model))
                .flatMapMany(body -> Flux.defer(() -> {
                    StreamTally tally = new StreamTally();
                    return LastEvent.endsAt(transport.invokeStream(model.id(), body)
                                    .map(chunk -> NativeJson.read(chunk, model)), StreamTally::isLast)
                            .<StreamEvent>mapNotNull(chunk -> read(chunk, tally))
                            .concatWith(Mono.fromSupplier(tally::end));
                }));
    }

    private byte[] requestBodyBytes(GenerationRequest request, ModelSpec model) {
        return NativeJson.bytes(NativeJson.withOptions(requestBody(request, model), request));
    }

    /** The chunk's text as a delta, or null when it carries none; usage may ride on any chunk, the last above all. */
    private StreamEvent read(JsonNode chunk, StreamTally tally) {
        tally.invocationMetrics(chunk);
        String text = readChunk(chunk, tally);
        return text == null || text.isEmpty() ? null : new StreamEvent.Delta(text);
    }
}
