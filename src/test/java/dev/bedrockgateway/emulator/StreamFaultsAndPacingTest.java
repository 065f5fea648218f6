package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.CLAUDE;
import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.LLAMA;
import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invokeStream;
import static dev.bedrockgateway.emulator.SdkClients.startInvokeStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResponseStream;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import tools.jackson.databind.JsonNode;

/** Streams fail, pace and stop the way the fault plan says, and the real AWS SDK sees it. */
class StreamFaultsAndPacingTest {

    static final String BODY = "{\"prompt\":\"Name a fjord\"}";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    /** A ConverseStream call; the events decoded before it ended go into {@code events}. */
    static CompletableFuture<Void> converseStream(String modelId, List<ConverseStreamOutput> events) {
        return running.client().converseStream(ConverseStreamRequest.builder().modelId(modelId)
                        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("Name a fjord")).build())
                        .build(),
                ConverseStreamResponseHandler.builder().subscriber(events::add).build());
    }

    @Test
    void failsMidStreamWithAModelStreamErrorAfterTheConfiguredChunks() {
        running.emulator().setFault(LLAMA, FaultPlan.of(FaultKind.MODEL_STREAM_ERROR).withFailAfterChunks(3));
        SdkClients.InvokeStream stream = startInvokeStream(running.client(), LLAMA, BODY);

        BedrockRuntimeException error = failure(stream.done());
        assertThat(error).isInstanceOf(ModelStreamErrorException.class);
        assertThat(error.awsErrorDetails().errorMessage()).contains("error while streaming");
        assertThat(stream.chunks()).hasSize(3);
        assertThat(stream.response().join().sdkHttpResponse().statusCode()).isEqualTo(200);
    }

    @Test
    void sendsAThrottlingExceptionFrameInsideAConverseStream() {
        running.emulator().setFault(CLAUDE, FaultPlan.of(FaultKind.THROTTLING).withFailAfterChunks(2));
        List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();

        assertThat(failure(converseStream(CLAUDE, events))).isInstanceOf(ThrottlingException.class);
        assertThat(events).hasSize(2);
    }

    @Test
    void sendsATimeoutAsTheMemberEachStreamHas() {
        running.emulator().setFault(LLAMA, FaultPlan.of(FaultKind.TIMEOUT).withFailAfterChunks(0));
        assertThat(failure(startInvokeStream(running.client(), LLAMA, BODY).done())).isInstanceOf(ModelTimeoutException.class);

        // ConverseStream's union has no modelTimeoutException: Bedrock reports it as a model stream error
        BedrockRuntimeException converse = failure(converseStream(LLAMA, new ArrayList<>()));
        assertThat(converse).isInstanceOfSatisfying(ModelStreamErrorException.class,
                error -> assertThat(error.originalStatusCode()).isEqualTo(408));
    }

    @Test
    void failsBeforeTheStreamWithAnHttpErrorWhenNoChunkCountIsSet() {
        running.emulator().setFault(LLAMA, FaultPlan.of(FaultKind.THROTTLING));
        SdkClients.InvokeStream stream = startInvokeStream(running.client(), LLAMA, BODY);

        BedrockRuntimeException error = failure(stream.done());
        assertThat(error).isInstanceOf(ThrottlingException.class);
        assertThat(error.statusCode()).isEqualTo(429);
        assertThat(error.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("X-Emulator-Fault")).contains("throttling");
        assertThat(stream.chunks()).isEmpty();
    }

    @Test
    void samplesMidStreamFailuresAtThePlansRate() {
        running.emulator().setFault(LLAMA, FaultPlan.of(FaultKind.MODEL_STREAM_ERROR).withRate(0.5).withFailAfterChunks(1));
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            failed.add(startInvokeStream(running.client(), LLAMA, BODY).done().handle((ok, error) -> error != null).join());
        }
        assertThat(failed).containsExactly(false, true, false, true);
    }

    @Test
    void waitsTheTimeToFirstTokenBeforeTheFirstChunk() {
        running.emulator().setFault(LLAMA, FaultPlan.pacing(Duration.ofMillis(250), 0));
        long started = System.nanoTime();
        SdkClients.InvokeStream stream = invokeStream(running.client(), LLAMA, BODY);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        JsonNode metrics = stream.chunks().get(stream.chunks().size() - 1).get("amazon-bedrock-invocationMetrics");
        assertThat(metrics.get("firstByteLatency").asLong()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void spacesTextChunksAtTheConfiguredTokensPerSecond() {
        running.emulator().setFault(LLAMA, FaultPlan.pacing(Duration.ZERO, 50));
        long started = System.nanoTime();
        invokeStream(running.client(), LLAMA, "{\"prompt\":\"hi\",\"max_gen_len\":6}");

        // six words: five gaps of 20 ms after the first
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void pacesTheFirstEventAfterTheTimeToFirstTokenAndTextAtTheTokenRate() {
        List<StreamEvent> events = List.of(
                StreamEvent.chunk(EmulatorJson.object()),
                new StreamEvent(StreamEvent.CHUNK, EmulatorJson.object(), true),
                new StreamEvent(StreamEvent.CHUNK, EmulatorJson.object(), true),
                StreamEvent.chunk(EmulatorJson.object()),
                new StreamEvent(StreamEvent.CHUNK, EmulatorJson.object(), true));
        FaultPlan plan = FaultPlan.pacing(Duration.ofMillis(500), 10);

        StepVerifier.withVirtualTime(() -> PacedEventStream.paced(events, plan, events.size()))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(500))
                .expectNext(0, 1)
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(2, 3)
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(4)
                .verifyComplete();
    }

    @Test
    void countsAStreamTheClientCancels() {
        // slow enough that the stream is still running when the client walks away
        running.emulator().setFault(LLAMA, FaultPlan.pacing(Duration.ZERO, 5));
        CompletableFuture<Void> call = running.client().invokeModelWithResponseStream(SdkClients.streamRequest(LLAMA, BODY),
                InvokeModelWithResponseStreamResponseHandler.builder().onEventStream(events -> events.subscribe(new Subscriber<ResponseStream>() {
                    private Subscription subscription;

                    @Override
                    public void onSubscribe(Subscription s) {
                        subscription = s;
                        s.request(1);
                    }

                    @Override
                    public void onNext(ResponseStream event) {
                        subscription.cancel();
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                })).build());

        await().atMost(Duration.ofSeconds(5)).until(() -> running.emulator().cancelledStreams(LLAMA) == 1);
        assertThat(running.emulator().cancelledStreams()).containsEntry(LLAMA, 1L);
        call.cancel(true);
    }
}
