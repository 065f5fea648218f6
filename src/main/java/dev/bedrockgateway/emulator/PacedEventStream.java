package dev.bedrockgateway.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays a streamed answer as AWS event-stream frames the way Bedrock sends it: the first event after the plan's time
 * to first token, text events at its tokens per second, latency stamped into the closing event and, for a call the
 * plan fails mid-stream, an exception frame in place of the rest. Waiting is done with timers, never on the event loop.
 */
final class PacedEventStream {

    /** The error members of ConverseStream's event union (the AWS SDK 2.57.8 model). */
    private static final Set<String> CONVERSE_STREAM_ERRORS = Set.of("internalServerException", "modelStreamErrorException",
            "validationException", "throttlingException", "serviceUnavailableException");
    /** InvokeModelWithResponseStream's union has these and modelTimeoutException. */
    private static final Set<String> INVOKE_STREAM_ERRORS = Set.of("internalServerException", "modelStreamErrorException",
            "validationException", "throttlingException", "serviceUnavailableException", "modelTimeoutException");
    private static final String INVOCATION_METRICS = "amazon-bedrock-invocationMetrics";
    private static final String CONVERSE_METADATA = "metadata";

    private final boolean converse;
    private final EmulatedAnswer answer;
    private final List<StreamEvent> events;
    private final long startedNanos;
    /** Frames are made one after another (concatMap signals are serial), so a plain field is safe. */
    private long firstEventNanos;

    /**
     * @param converse     ConverseStream (members sent as themselves) rather than InvokeModelWithResponseStream ({"bytes"} chunks)
     * @param answer       the non-streaming answer, for the token counts of the invocation metrics
     * @param events       the events to send
     * @param startedNanos when the request arrived, for the latencies
     */
    PacedEventStream(boolean converse, EmulatedAnswer answer, List<StreamEvent> events, long startedNanos) {
        this.converse = converse;
        this.answer = answer;
        this.events = List.copyOf(events);
        this.startedNanos = startedNanos;
    }

    /**
     * The frames, paced by {@code plan}. With a {@code midStreamFailure}, the stream sends the plan's
     * {@code failAfterChunks} events (at most all but the last, so the failure always happens) and then the error.
     */
    Flux<byte[]> frames(FaultPlan plan, FaultKind midStreamFailure) {
        int sent = midStreamFailure == null ? events.size() : Math.min(plan.failAfterChunks(), events.size() - 1);
        int slots = midStreamFailure == null ? sent : sent + 1;
        return paced(events, plan, slots).map(index -> index < sent ? frame(index) : exceptionFrame(midStreamFailure.error()));
    }

    /**
     * The indexes 0 to {@code slots - 1}, each released when its event is due: the first after the time to first
     * token, each text event after the first one token interval after the one before, other events at once.
     */
    static Flux<Integer> paced(List<StreamEvent> events, FaultPlan plan, int slots) {
        List<Duration> delays = new ArrayList<>(slots);
        boolean textSent = false;
        for (int i = 0; i < slots; i++) {
            StreamEvent event = events.get(i);
            if (i == 0) {
                delays.add(plan.timeToFirstToken());
            } else {
                delays.add(event.token() && textSent ? plan.tokenInterval() : Duration.ZERO);
            }
            textSent |= event.token();
        }
        return Flux.range(0, slots)
                .concatMap(index -> delays.get(index).isZero() ? Mono.just(index) : Mono.delay(delays.get(index)).thenReturn(index));
    }

    private byte[] frame(int index) {
        long now = System.nanoTime();
        if (index == 0) {
            firstEventNanos = now;
        }
        StreamEvent event = events.get(index);
        ObjectNode payload = event.payload();
        if (converse) {
            if (CONVERSE_METADATA.equals(event.name())) {
                payload.putObject("metrics").put("latencyMs", millisSinceStart(now));
            }
            return EventStreamFrames.event(event.name(), EmulatorJson.bytes(payload));
        }
        if (index == events.size() - 1) {
            payload.putObject(INVOCATION_METRICS)
                    .put("inputTokenCount", answer.inputTokens())
                    .put("outputTokenCount", answer.outputTokens())
                    .put("invocationLatency", millisSinceStart(now))
                    .put("firstByteLatency", millisSinceStart(firstEventNanos));
        }
        String bytes = Base64.getEncoder().encodeToString(EmulatorJson.bytes(payload));
        return EventStreamFrames.event(StreamEvent.CHUNK, EmulatorJson.bytes(EmulatorJson.object().put("bytes", bytes)));
    }

    /** The error as its stream union member; one the union lacks is a model stream error quoting the original. */
    private byte[] exceptionFrame(BedrockError error) {
        String member = error.type().streamMemberName();
        ObjectNode payload = EmulatorJson.object().put("message", error.getMessage());
        if (!(converse ? CONVERSE_STREAM_ERRORS : INVOKE_STREAM_ERRORS).contains(member)) {
            member = BedrockErrorType.MODEL_STREAM_ERROR.streamMemberName();
            payload.put("originalStatusCode", error.type().status()).put("originalMessage", error.getMessage());
        }
        return EventStreamFrames.exception(member, EmulatorJson.bytes(payload));
    }

    private long millisSinceStart(long nanos) {
        return Duration.ofNanos(nanos - startedNanos).toMillis();
    }
}
