package dev.bedrockgateway.web;

import dev.bedrockgateway.nativeapi.GenerateAnswer;
import dev.bedrockgateway.nativeapi.GenerateBody;
import dev.bedrockgateway.nativeapi.GenerateRequests;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.RequestPipeline;
import dev.bedrockgateway.pipeline.ServedRequest;
import dev.bedrockgateway.pipeline.ServedStream;
import dev.bedrockgateway.nativeapi.GenerateAnswer.ImageBody;
import dev.bedrockgateway.nativeapi.GenerateAnswer.Output;
import dev.bedrockgateway.nativeapi.GenerateAnswer.ToolCallBody;
import dev.bedrockgateway.pipeline.UsageBody;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The native API: {@code POST /v1/generate}, one request shape for every model, answered whole or streamed. */
@RestController
public class GenerateController {

    static final String API = "native";

    private static final ErrorRenderer PROBLEM = new ProblemRenderer();

    private final RequestPipeline pipeline;
    private final StreamFailures streamFailures;

    public GenerateController(RequestPipeline pipeline, StreamFailures streamFailures) {
        this.pipeline = pipeline;
        this.streamFailures = streamFailures;
    }

    @PostMapping(path = "/v1/generate", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_EVENT_STREAM_VALUE})
    public Mono<ResponseEntity<?>> generate(@RequestBody(required = false) byte[] body, ServerWebExchange exchange) {
        return pipeline.read(API, () -> ApiJson.read(body, GenerateBody.class), exchange)
                .flatMap(wire -> Boolean.TRUE.equals(wire.stream()) ? stream(wire, exchange) : answer(wire, exchange));
    }

    private Mono<ResponseEntity<?>> answer(GenerateBody wire, ServerWebExchange exchange) {
        return pipeline.serve(API, () -> GenerateRequests.toCanonical(wire), exchange)
                .map(served -> served.ok(answer(served)));
    }

    private Mono<ResponseEntity<?>> stream(GenerateBody wire, ServerWebExchange exchange) {
        return pipeline.stream(API, () -> GenerateRequests.toCanonical(wire), exchange)
                .map(served -> served.ok(events(served)));
    }

    /**
     * The stream as server-sent events: start, the deltas as they arrive, then end; or, when the model fails after it
     * started, an error event in place of the end. Nothing follows either.
     */
    private Flux<ServerSentEvent<String>> events(ServedStream served) {
        StreamBodies.Start start = new StreamBodies.Start(RequestContext.newId("gen_"), served.dispatch().model().id(),
                served.dispatch().model().alias(), served.dispatch().model().provider());
        return served.events()
                .map(event -> sse(served, event))
                .startWith(sse(StreamBodies.START, start))
                .onErrorResume(error -> Mono.just(sse(StreamBodies.ERROR,
                        PROBLEM.body(streamFailures.of(served, error), served.requestId()))));
    }

    private static ServerSentEvent<String> sse(ServedStream served, StreamEvent event) {
        if (event instanceof StreamEvent.Delta delta) {
            return sse(StreamBodies.DELTA, new StreamBodies.Delta(delta.text()));
        }
        if (event instanceof StreamEvent.ToolCallDelta call) {
            return sse(StreamBodies.TOOL_CALL, new StreamBodies.ToolCall(call.index(), call.id(), call.name(),
                    call.arguments()));
        }
        return end(served, (StreamEvent.End) event);
    }

    private static ServerSentEvent<String> end(ServedStream served, StreamEvent.End end) {
        return sse(StreamBodies.END, new StreamBodies.End(end.finishReason().wireName(), usage(end.usage()),
                served.cost(end.usage()), served.route()));
    }

    private static ServerSentEvent<String> sse(String name, Object data) {
        return ServerSentEvent.builder(new String(ApiJson.write(data), StandardCharsets.UTF_8)).event(name).build();
    }

    private static UsageBody usage(Usage usage) {
        return new UsageBody(usage.inputTokens(), usage.outputTokens(), usage.totalTokens());
    }

    private static GenerateAnswer answer(ServedRequest served) {
        GenerationResult result = served.dispatch().result();
        return new GenerateAnswer(
                RequestContext.newId("gen_"),
                served.dispatch().model().id(),
                served.dispatch().model().alias(),
                served.dispatch().model().provider(),
                new Output(result.text().isEmpty() && !result.images().isEmpty() ? null : result.text(),
                        result.images().stream().map(image -> new ImageBody(image.base64(), image.seed())).toList(),
                        result.toolCalls().stream().map(call -> new ToolCallBody(call.id(), call.name(),
                                ApiJson.MAPPER.readTree(call.arguments()))).toList()),
                result.finishReason() == null ? null : result.finishReason().wireName(),
                usage(result.usage()),
                served.cost(),
                served.route(),
                served.latencyMs());
    }
}
