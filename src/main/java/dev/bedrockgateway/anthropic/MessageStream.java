package dev.bedrockgateway.anthropic;

import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.ServedStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * A streamed answer as Anthropic's event sequence: {@code message_start}, a {@code ping}, then per content block a
 * {@code content_block_start}, its {@code content_block_delta}s and a {@code content_block_stop}, then
 * {@code message_delta} (stop reason and usage) and {@code message_stop}. Text opens a text block; each tool call
 * opens a tool_use block whose input arrives as {@code input_json_delta}s. One per stream: it numbers the blocks.
 */
public final class MessageStream {

    private static final String TEXT_DELTA = "text_delta";
    private static final String INPUT_JSON_DELTA = "input_json_delta";

    private final ServedStream served;
    /** The block open now, or -1; blocks are numbered from 0 in the order they open. */
    private int openBlock = -1;
    private boolean openIsText;
    private int nextBlock;
    /** The block of each tool call, by the call's index in the answer. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();

    private MessageStream(ServedStream served) {
        this.served = served;
    }

    /** The events of a served stream; subscribe once. */
    public static Flux<MessageEvent> of(ServedStream served) {
        MessageStream stream = new MessageStream(served);
        return served.events().concatMapIterable(stream::events).startWith(stream.start());
    }

    private List<MessageEvent> start() {
        MessageAnswer empty = new MessageAnswer(Messages.newId(), MessageAnswer.TYPE, MessageAnswer.ROLE, List.of(),
                served.dispatch().model().alias(), null, null, MessageAnswer.Usage.of(Usage.NONE));
        return List.of(MessageEvent.of(new MessageEvent.MessageStart("message_start", empty), "message_start"),
                bare("ping"));
    }

    private List<MessageEvent> events(StreamEvent event) {
        List<MessageEvent> events = new ArrayList<>(3);
        if (event instanceof StreamEvent.Delta delta) {
            if (openBlock < 0 || !openIsText) {
                open(events, MessageAnswer.Block.text(""), true);
            }
            events.add(delta(openBlock, new MessageEvent.Delta(TEXT_DELTA, delta.text(), null)));
        } else if (event instanceof StreamEvent.ToolCallDelta call) {
            Integer block = toolBlocks.get(call.index());
            if (block == null) {
                open(events, MessageAnswer.Block.toolUse(call.id(), call.name(), ApiJson.MAPPER.createObjectNode()),
                        false);
                block = openBlock;
                toolBlocks.put(call.index(), block);
            }
            if (!call.arguments().isEmpty()) {
                events.add(delta(block, new MessageEvent.Delta(INPUT_JSON_DELTA, null, call.arguments())));
            }
        } else if (event instanceof StreamEvent.End end) {
            close(events);
            events.add(MessageEvent.of(new MessageEvent.MessageDelta("message_delta",
                    new MessageEvent.StopDelta(Messages.stopReason(end.finishReason()),
                            Messages.stopSequence(end.finishReason(), served.request())),
                    new MessageEvent.DeltaUsage(end.usage().inputTokens(), end.usage().outputTokens())),
                    "message_delta"));
            events.add(bare("message_stop"));
        }
        return events;
    }

    private void open(List<MessageEvent> events, MessageAnswer.Block block, boolean text) {
        close(events);
        openBlock = nextBlock++;
        openIsText = text;
        events.add(MessageEvent.of(new MessageEvent.ContentBlockStart("content_block_start", openBlock, block),
                "content_block_start"));
    }

    private void close(List<MessageEvent> events) {
        if (openBlock >= 0) {
            events.add(MessageEvent.of(new MessageEvent.ContentBlockStop("content_block_stop", openBlock),
                    "content_block_stop"));
            openBlock = -1;
        }
    }

    private static MessageEvent delta(int index, MessageEvent.Delta delta) {
        return MessageEvent.of(new MessageEvent.ContentBlockDelta("content_block_delta", index, delta),
                "content_block_delta");
    }

    private static MessageEvent bare(String type) {
        return MessageEvent.of(new MessageEvent.Bare(type), type);
    }
}
