package dev.bedrockgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.StreamEvent.Delta;
import dev.bedrockgateway.core.StreamEvent.End;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.anthropic.ClaudeAdapter;
import dev.bedrockgateway.provider.cohere.CohereCommandAdapter;
import dev.bedrockgateway.provider.converse.ConverseAdapter;
import dev.bedrockgateway.provider.meta.LlamaAdapter;
import dev.bedrockgateway.provider.mistral.MistralAdapter;
import dev.bedrockgateway.provider.stability.SdxlAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import tools.jackson.databind.JsonNode;

/** Each family's stream chunks, from golden files under bedrock/&lt;family&gt;/stream-*.json, as canonical events. */
class StreamChunksTest {

    private static final GenerationRequest REQUEST = GenerationRequest.chat("What is the capital of France?");

    @Test
    void llamaTakesTextFromGenerationAndCountsFromItsOwnFields() {
        assertThat(decode(new LlamaAdapter(), ModelFamily.META, "bedrock/meta/stream-stop.json")).containsExactly(
                new Delta("Paris"), new Delta(" is the capital."), new End(FinishReason.STOP, new Usage(17, 6)));
    }

    @Test
    void mistralTakesCountsFromTheInvocationMetrics() {
        assertThat(decode(new MistralAdapter(), ModelFamily.MISTRAL, "bedrock/mistral/stream-length.json"))
                .containsExactly(new Delta("Paris"), new Delta(" is the"), new End(FinishReason.LENGTH, new Usage(12, 3)));
    }

    @Test
    void cohereReadsTextGenerationAndTheFinishReasonOfStreamEnd() {
        assertThat(decode(new CohereCommandAdapter(), ModelFamily.COHERE, "bedrock/cohere/stream-complete.json"))
                .containsExactly(new Delta("Paris"), new Delta(" is the capital."),
                        new End(FinishReason.STOP, new Usage(9, 5)));
    }

    @Test
    void claudeReadsTextDeltasAndUsageFromMessageStartAndMessageDelta() {
        assertThat(decode(new ClaudeAdapter(), ModelFamily.ANTHROPIC, "bedrock/anthropic/stream-end-turn.json"))
                .containsExactly(new Delta("Paris"), new Delta(" is the capital."),
                        new End(FinishReason.STOP, new Usage(14, 6)));
    }

    @Test
    void converseReadsBlockDeltasTheStopAndTheMetadataUsage() {
        List<ConverseStreamOutput> events = List.of(
                ConverseStreamOutput.messageStartBuilder().role("assistant").build(),
                ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                        .delta(ContentBlockDelta.fromText("Paris")).build(),
                ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                        .delta(ContentBlockDelta.fromText(" is the capital.")).build(),
                ConverseStreamOutput.contentBlockStopBuilder().contentBlockIndex(0).build(),
                ConverseStreamOutput.messageStopBuilder().stopReason(StopReason.MAX_TOKENS).build(),
                ConverseStreamOutput.metadataBuilder()
                        .usage(TokenUsage.builder().inputTokens(8).outputTokens(5).totalTokens(13).build()).build());
        ModelSpec titan = model(ModelFamily.CONVERSE, "amazon.titan-text-express-v1");

        StepVerifier.create(new ConverseAdapter().stream(REQUEST, titan, RecordingTransport.streamingConverse(events)))
                .expectNext(new Delta("Paris"), new Delta(" is the capital."),
                        new End(FinishReason.LENGTH, new Usage(8, 5)))
                .verifyComplete();
    }

    /**
     * Bedrock puts {@code amazon-bedrock-invocationMetrics} on the last chunk of InvokeModelWithResponseStream
     * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-invoke.html) and ends ConverseStream with its
     * {@code metadata} event (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html):
     * past it the answer is whole, so a stream whose end of stream never comes from the SDK still ends.
     */
    @Test
    void aStreamWhoseEndNeverComesEndsAfterItsLastEvent() {
        List<byte[]> chunks = new ArrayList<>();
        for (JsonNode chunk : NativeJson.MAPPER.readTree(GoldenFiles.bytes("bedrock/anthropic/stream-end-turn.json"))) {
            chunks.add(NativeJson.bytes(chunk));
        }
        StepVerifier.create(new ClaudeAdapter().stream(REQUEST, model(ModelFamily.ANTHROPIC, "model.id"),
                        RecordingTransport.streamingWithoutEnd(chunks)))
                .expectNext(new Delta("Paris"), new Delta(" is the capital."),
                        new End(FinishReason.STOP, new Usage(14, 6)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        List<ConverseStreamOutput> events = List.of(
                ConverseStreamOutput.contentBlockDeltaBuilder().contentBlockIndex(0)
                        .delta(ContentBlockDelta.fromText("Paris")).build(),
                ConverseStreamOutput.messageStopBuilder().stopReason(StopReason.END_TURN).build(),
                ConverseStreamOutput.metadataBuilder()
                        .usage(TokenUsage.builder().inputTokens(8).outputTokens(1).totalTokens(9).build()).build());
        ModelSpec titan = model(ModelFamily.CONVERSE, "amazon.titan-text-express-v1");
        StepVerifier.create(new ConverseAdapter().stream(REQUEST, titan,
                        RecordingTransport.streamingConverseWithoutEnd(events)))
                .expectNext(new Delta("Paris"), new End(FinishReason.STOP, new Usage(8, 1)))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aStreamThatStopsBeforeItsLastEventIsLeftToTheTimeLimits() {
        List<byte[]> chunks = new ArrayList<>();
        for (JsonNode chunk : NativeJson.MAPPER.readTree(GoldenFiles.bytes("bedrock/anthropic/stream-end-turn.json"))) {
            chunks.add(NativeJson.bytes(chunk));
        }
        chunks.remove(chunks.size() - 1);
        StepVerifier.create(new ClaudeAdapter().stream(REQUEST, model(ModelFamily.ANTHROPIC, "model.id"),
                        RecordingTransport.streamingWithoutEnd(chunks)))
                .expectNextCount(2)
                .expectNoEvent(Duration.ofMillis(1500))
                .thenCancel()
                .verify();
    }

    @Test
    void sdxlRefusesToStreamBeforeAnyCall() {
        RecordingTransport transport = RecordingTransport.streaming(List.of());
        StepVerifier.create(new SdxlAdapter().stream(REQUEST, model(ModelFamily.STABILITY,
                        "stability.stable-diffusion-xl-v1"), transport))
                .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("cannot stream"))
                .verify();
        assertThat(transport.calls()).isEmpty();
    }

    private static List<StreamEvent> decode(InvokeModelAdapter adapter, ModelFamily family, String golden) {
        List<byte[]> chunks = new ArrayList<>();
        for (JsonNode chunk : NativeJson.MAPPER.readTree(GoldenFiles.bytes(golden))) {
            chunks.add(NativeJson.bytes(chunk));
        }
        return adapter.stream(REQUEST, model(family, "model.id"), RecordingTransport.streaming(chunks))
                .collectList().block();
    }

    private static ModelSpec model(ModelFamily family, String id) {
        return new ModelSpec("test-model", id, family, "test", Task.CHAT, false, 8192, 2048, Price.FREE);
    }
}
