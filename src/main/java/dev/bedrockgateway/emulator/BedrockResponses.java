package dev.bedrockgateway.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.JsonNode;

/** Writes answers the way Bedrock does: JSON bodies with a Content-Length, a request id, and errors typed by header. */
final class BedrockResponses {

    static final String REQUEST_ID = "x-amzn-RequestId";
    static final String ERROR_TYPE = "x-amzn-ErrorType";
    static final String INVOCATION_LATENCY = "X-Amzn-Bedrock-Invocation-Latency";
    static final String INPUT_TOKENS = "X-Amzn-Bedrock-Input-Token-Count";
    static final String OUTPUT_TOKENS = "X-Amzn-Bedrock-Output-Token-Count";
    static final String CHUNK_CONTENT_TYPE = "X-Amzn-Bedrock-Content-Type";
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    /** Not a Bedrock header: tells a reader of the traffic that the error was injected on purpose. */
    static final String INJECTED_FAULT = "X-Emulator-Fault";

    private BedrockResponses() {
    }

    static Mono<Void> json(HttpServerResponse response, int status, JsonNode body, Map<String, String> headers) {
        byte[] bytes = EmulatorJson.bytes(body);
        response.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .header(REQUEST_ID, UUID.randomUUID().toString());
        headers.forEach(response::header);
        return response.sendByteArray(Mono.just(bytes)).then();
    }

    /** Bedrock's error shape: status, {@code x-amzn-ErrorType}, and {@code {"message":"..."}}. */
    static Mono<Void> error(HttpServerResponse response, BedrockError error, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(ERROR_TYPE, error.type().headerValue());
        return json(response, error.type().status(), EmulatorJson.object().put("message", error.getMessage()), all);
    }

    /**
     * A 200 streaming AWS event-stream frames. InvokeModelWithResponseStream also names the content type of the
     * chunks' bytes in {@code X-Amzn-Bedrock-Content-Type}; ConverseStream's frames are JSON by definition.
     */
    static Mono<Void> eventStream(HttpServerResponse response, boolean namesChunkContentType, Publisher<byte[]> frames) {
        response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM)
                .header(REQUEST_ID, UUID.randomUUID().toString());
        if (namesChunkContentType) {
            response.header(CHUNK_CONTENT_TYPE, "application/json");
        }
        return response.sendByteArray(frames).then();
    }

    static Mono<Void> noContent(HttpServerResponse response) {
        return response.status(HttpResponseStatus.NO_CONTENT).send();
    }
}
