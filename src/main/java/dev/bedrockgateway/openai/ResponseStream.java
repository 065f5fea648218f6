package dev.bedrockgateway.openai;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ServedStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * A streamed answer as the Responses API's events, in OpenAI's order
 * (https://platform.openai.com/docs/api-reference/responses-streaming): {@code response.created} and
 * {@code response.in_progress}; per text message {@code response.output_item.added},
 * {@code response.content_part.added}, {@code response.output_text.delta}s, {@code response.output_text.done},
 * {@code response.content_part.done}, {@code response.output_item.done}; per function call
 * {@code response.output_item.added}, {@code response.function_call_arguments.delta}s,
 * {@code response.function_call_arguments.done}, {@code response.output_item.done}; then {@code response.completed}
 * (or {@code response.incomplete} when the model stopped short). A failure after the first event is an
 * {@code error} event that ends the stream. One instance per stream: it numbers the events and keeps the items open.
 */
public final class ResponseStream {

    private final ResponseCreateRequest body;
    private final String model;
    private final String id = RequestContext.newId("resp_");
    private final long createdAt = Instant.now().getEpochSecond();
    private final List<ResponseObject.OutputItem> output = new ArrayList<>();
    private long sequence;
    /** The message or function call being streamed, or null between items. */
    private OpenItem open;

    private ResponseStream(ResponseCreateRequest body, String model) {
        this.body = body;
        this.model = model;
    }

    /**
     * The events of a served stream.
     *
     * @param failure what a failure mid-stream is, as the caller sees it
     */
    public static Flux<ResponseStreamEvent> of(ServedStream served, ResponseCreateRequest body,
                                               Function<Throwable, GatewayException> failure) {
        return of(served.events(), served.dispatch().model().alias(), body, failure);
    }

    /**
     * The events of a model's stream.
     *
     * @param model the catalog alias that answers
     */
    static Flux<ResponseStreamEvent> of(Flux<StreamEvent> events, String model, ResponseCreateRequest body,
                                        Function<Throwable, GatewayException> failure) {
        return Flux.defer(() -> {
            ResponseStream stream = new ResponseStream(body, model);
            return Flux.fromIterable(stream.started())
                    .concatWith(events.concatMapIterable(stream::on))
                    .onErrorResume(error -> Flux.just(stream.error(failure.apply(error))));
        });
    }

    private List<ResponseStreamEvent> started() {
        ResponseObject response = Responses.response(id, createdAt, body, model, null, List.of(), null, null);
        return List.of(event("response.created", response), event("response.in_progress", response));
    }

    private List<ResponseStreamEvent> on(StreamEvent event) {
        List<ResponseStreamEvent> events = new ArrayList<>();
        if (event instanceof StreamEvent.Delta delta) {
            if (open == null || open.callId != null) {
                close(events);
                openMessage(events);
            }
            open.text.append(delta.text());
            events.add(next("response.output_text.delta", open.index, null, open.itemId, 0, null, delta.text(), null,
                    null, List.of()));
        } else if (event instanceof StreamEvent.ToolCallDelta call) {
            if (call.id() != null) {
                close(events);
                openCall(events, call);
            }
            if (!call.arguments().isEmpty() && open != null && open.callId != null) {
                open.text.append(call.arguments());
                events.add(next("response.function_call_arguments.delta", open.index, null, open.itemId, null, null,
                        call.arguments(), null, null, null));
            }
        } else {
            StreamEvent.End end = (StreamEvent.End) event;
            if (open == null && output.isEmpty()) {
                openMessage(events);
            }
            close(events);
            ResponseObject response = Responses.response(id, createdAt, body, model, end.finishReason(),
                    List.copyOf(output), end.usage(), null);
            events.add(event("completed".equals(response.status()) ? "response.completed" : "response.incomplete",
                    response));
        }
        return events;
    }

    private void openMessage(List<ResponseStreamEvent> events) {
        open = new OpenItem(output.size(), RequestContext.newId("msg_"), null, null);
        events.add(next("response.output_item.added", open.index, ResponseObject.OutputItem.message(open.itemId,
                "in_progress", List.of()), null, null, null, null, null, null, null));
        events.add(next("response.content_part.added", open.index, null, open.itemId, 0,
                ResponseObject.OutputText.of(""), null, null, null, null));
    }

    private void openCall(List<ResponseStreamEvent> events, StreamEvent.ToolCallDelta call) {
        open = new OpenItem(output.size(), RequestContext.newId("fc_"), call.id(), call.name());
        events.add(next("response.output_item.added", open.index, ResponseObject.OutputItem.functionCall(open.itemId,
                "in_progress", call.id(), call.name(), ""), null, null, null, null, null, null, null));
    }

    /** Ends the open item, if any, with its done events. */
    private void close(List<ResponseStreamEvent> events) {
        if (open == null) {
            return;
        }
        String text = open.text.toString();
        ResponseObject.OutputItem item;
        if (open.callId == null) {
            ResponseObject.OutputText part = ResponseObject.OutputText.of(text);
            events.add(next("response.output_text.done", open.index, null, open.itemId, 0, null, null, text, null,
                    List.of()));
            events.add(next("response.content_part.done", open.index, null, open.itemId, 0, part, null, null, null,
                    null));
            item = ResponseObject.OutputItem.message(open.itemId, "completed", List.of(part));
        } else {
            events.add(next("response.function_call_arguments.done", open.index, null, open.itemId, null, null, null,
                    null, text, null));
            item = ResponseObject.OutputItem.functionCall(open.itemId, "completed", open.callId, open.name, text);
        }
        events.add(next("response.output_item.done", open.index, item, null, null, null, null, null, null, null));
        output.add(item);
        open = null;
    }

    private ResponseStreamEvent error(GatewayException failure) {
        return new ResponseStreamEvent("error", sequence++, null, null, null, null, null, null, null, null, null, null,
                null, failure.kind().code(), failure.detail(), failure.param());
    }

    private ResponseStreamEvent event(String type, ResponseObject response) {
        return new ResponseStreamEvent(type, sequence++, response, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    private ResponseStreamEvent next(String type, int outputIndex, ResponseObject.OutputItem item, String itemId,
                                     Integer contentIndex, ResponseObject.OutputText part, String delta, String text,
                                     String arguments, List<Object> logprobs) {
        // function_call_arguments.done names the function too
        String name = arguments != null && open != null ? open.name : null;
        return new ResponseStreamEvent(type, sequence++, null, outputIndex, item, itemId, contentIndex, part, delta,
                text, arguments, name, logprobs, null, null, null);
    }

    /** An output item being streamed: a message (no call id) or a function call, and its text so far. */
    private static final class OpenItem {
        private final int index;
        private final String itemId;
        private final String callId;
        private final String name;
        private final StringBuilder text = new StringBuilder();

        private OpenItem(int index, String itemId, String callId, String name) {
            this.index = index;
            this.itemId = itemId;
            this.callId = callId;
            this.name = name;
        }
    }
}
