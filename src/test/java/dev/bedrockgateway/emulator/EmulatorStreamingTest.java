package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.CLAUDE;
import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.COHERE;
import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.LLAMA;
import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.MISTRAL;
import static dev.bedrockgateway.emulator.BedrockEmulatorSdkTest.TITAN;
import static dev.bedrockgateway.emulator.SdkClients.converseStream;
import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invoke;
import static dev.bedrockgateway.emulator.SdkClients.invokeStream;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.AnyToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import software.amazon.awssdk.core.document.Document;
import tools.jackson.databind.JsonNode;

/** The real AWS SDK decodes the emulator's event streams: each family's chunks, ConverseStream's members, the same text as the non-streaming call. */
class EmulatorStreamingTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    /**
     * One native family: a request body, where its answer holds the text, and where its chunks do.
     *
     * @param streamedText the text piece of one chunk, or "" for a chunk without text
     */
    record Family(String modelId, String body, Function<JsonNode, String> answerText, Function<JsonNode, String> streamedText) {
        @Override
        public String toString() {
            return modelId;
        }
    }

    static List<Family> families() {
        return List.of(
                new Family(LLAMA, "{\"prompt\":\"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\\n\\nName a fjord<|eot_id|>\"}",
                        answer -> answer.get("generation").asString(), chunk -> chunk.get("generation").asString()),
                new Family(MISTRAL, "{\"prompt\":\"<s>[INST] Name a glacier [/INST]\",\"max_tokens\":12}",
                        answer -> answer.get("outputs").get(0).get("text").asString(),
                        chunk -> chunk.get("outputs").get(0).get("text").asString()),
                new Family(COHERE, "{\"message\":\"Name a summit\",\"preamble\":\"Be brief.\"}",
                        answer -> answer.get("text").asString(), chunk -> chunk.path("text").asString("")),
                new Family(CLAUDE, "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":300,\"system\":\"Be terse.\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Describe a mesa\"}]}",
                        answer -> answer.get("content").get(0).get("text").asString(),
                        chunk -> chunk.path("delta").path("text").asString("")),
                new Family(TITAN, "{\"inputText\":\"Tell me about reefs\",\"textGenerationConfig\":{\"maxTokenCount\":15}}",
                        answer -> answer.get("results").get(0).get("outputText").asString(), chunk -> chunk.get("outputText").asString()));
    }

    @ParameterizedTest
    @MethodSource("families")
    void streamsTheSameTextAndCountsAsInvokeWithMetricsInTheLastChunk(Family family) {
        InvokeModelResponse plain = invoke(running.client(), family.modelId(), family.body());
        SdkClients.InvokeStream stream = invokeStream(running.client(), family.modelId(), family.body());

        String streamed = stream.chunks().stream().map(family.streamedText()).collect(Collectors.joining());
        assertThat(streamed).isEqualTo(family.answerText().apply(EmulatorJson.MAPPER.readTree(plain.body().asUtf8String())));
        JsonNode metrics = stream.chunks().get(stream.chunks().size() - 1).get("amazon-bedrock-invocationMetrics");
        assertThat(metrics.get("inputTokenCount").asString()).isEqualTo(SdkClients.header(plain, "X-Amzn-Bedrock-Input-Token-Count"));
        assertThat(metrics.get("outputTokenCount").asString()).isEqualTo(SdkClients.header(plain, "X-Amzn-Bedrock-Output-Token-Count"));
        assertThat(metrics.get("invocationLatency").asLong()).isGreaterThanOrEqualTo(metrics.get("firstByteLatency").asLong());
        assertThat(stream.chunks().subList(0, stream.chunks().size() - 1)).noneMatch(chunk -> chunk.has("amazon-bedrock-invocationMetrics"));
        // one word per text chunk
        assertThat(stream.chunks().stream().map(family.streamedText()).filter(text -> !text.isEmpty()))
                .hasSize(metrics.get("outputTokenCount").asInt());
        assertThat(stream.response().join().contentType()).isEqualTo("application/json");
        assertThat(running.emulator().cancelledStreams()).isEmpty();
    }

    @Test
    void llamaChunksCarryPromptCountFirstAndStopReasonLast() {
        List<JsonNode> chunks = invokeStream(running.client(), LLAMA, "{\"prompt\":\"hello there\",\"max_gen_len\":5}").chunks();

        assertThat(chunks).hasSize(6);
        assertThat(chunks.get(0).get("prompt_token_count").asInt()).isEqualTo(2);
        assertThat(chunks.subList(1, 6)).allMatch(chunk -> chunk.get("prompt_token_count").isNull());
        assertThat(chunks.subList(0, 5)).allMatch(chunk -> chunk.get("stop_reason").isNull());
        assertThat(chunks.get(5).get("stop_reason").asString()).isEqualTo("length");
        assertThat(chunks.get(5).get("generation_token_count").asInt()).isEqualTo(5);
        assertThat(chunks.get(2).get("generation_token_count").asInt()).isEqualTo(3);
    }

    @Test
    void claudeStreamsAnthropicsEventSequence() {
        String body = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        List<JsonNode> chunks = invokeStream(running.client(), CLAUDE, body).chunks();

        assertThat(chunks).extracting(chunk -> chunk.get("type").asString()).containsExactly("message_start", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        assertThat(chunks.get(0).get("message").get("usage").get("input_tokens").asInt()).isEqualTo(1);
        assertThat(chunks.get(0).get("message").get("model").asString()).isEqualTo("claude-3-sonnet-20240229");
        assertThat(chunks.get(2).get("delta").get("type").asString()).isEqualTo("text_delta");
        assertThat(chunks.get(6).get("delta").get("stop_reason").asString()).isEqualTo("max_tokens");
        assertThat(chunks.get(6).get("usage").get("output_tokens").asInt()).isEqualTo(3);
        assertThat(chunks.get(7).has("amazon-bedrock-invocationMetrics")).isTrue();
    }

    @Test
    void claudeStreamsAForcedToolAsInputJsonDelta() {
        String body = """
                {"anthropic_version":"bedrock-2023-05-31","max_tokens":300,"messages":[{"role":"user","content":"weather?"}],
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],"tool_choice":{"type":"any"}}
                """;
        List<JsonNode> chunks = invokeStream(running.client(), CLAUDE, body).chunks();

        JsonNode toolStart = chunks.stream().filter(chunk -> chunk.path("content_block").path("type").asString("").equals("tool_use"))
                .findFirst().orElseThrow();
        assertThat(toolStart.get("index").asInt()).as("the only block: no text before a forced tool").isZero();
        assertThat(chunks).noneMatch(chunk -> chunk.path("delta").path("type").asString("").equals("text_delta"));
        assertThat(toolStart.get("content_block").get("name").asString()).isEqualTo("get_weather");
        assertThat(chunks).anyMatch(chunk -> chunk.path("delta").path("type").asString("").equals("input_json_delta"));
        assertThat(chunks).anyMatch(chunk -> chunk.path("delta").path("stop_reason").asString("").equals("tool_use"));
    }

    @Test
    void cohereStartsWithStreamStartAndEndsWithTheWholeResponse() {
        List<JsonNode> chunks = invokeStream(running.client(), COHERE, "{\"message\":\"Name a summit\"}").chunks();
        String text = invoke(running.client(), COHERE, "{\"message\":\"Name a summit\"}").body().asUtf8String();

        assertThat(chunks.get(0).get("event_type").asString()).isEqualTo("stream-start");
        assertThat(chunks.subList(1, chunks.size() - 1)).allMatch(chunk -> chunk.get("event_type").asString().equals("text-generation")
                && !chunk.get("is_finished").asBoolean());
        JsonNode end = chunks.get(chunks.size() - 1);
        assertThat(end.get("event_type").asString()).isEqualTo("stream-end");
        assertThat(end.get("is_finished").asBoolean()).isTrue();
        assertThat(end.get("finish_reason").asString()).isEqualTo("COMPLETE");
        assertThat(end.get("response").get("text").asString()).isEqualTo(EmulatorJson.MAPPER.readTree(text).get("text").asString());
    }

    @Test
    void streamsOverH2cToo() {
        try (BedrockRuntimeAsyncClient h2 = SdkClients.client(running.emulator().endpoint(), Protocol.HTTP2)) {
            List<JsonNode> chunks = invokeStream(h2, LLAMA, "{\"prompt\":\"over h2c\",\"max_gen_len\":4}").chunks();
            assertThat(chunks).hasSize(5);
            assertThat(chunks.get(4).has("amazon-bedrock-invocationMetrics")).isTrue();
        }
    }

    @Test
    void validatesAStreamingBodyExactlyAsInvoke() {
        String wrong = "{\"prompt\":\"hi\",\"max_gen_len\":0}";
        var plain = failure(running.client().invokeModel(SdkClients.invokeRequest(LLAMA, wrong)));
        var streamed = failure(SdkClients.startInvokeStream(running.client(), LLAMA, wrong).done());

        assertThat(streamed).isInstanceOf(ValidationException.class);
        assertThat(streamed.statusCode()).isEqualTo(400);
        assertThat(streamed.awsErrorDetails().errorMessage()).isEqualTo(plain.awsErrorDetails().errorMessage());
    }

    @Test
    void refusesToStreamAnImageModel() {
        var error = failure(SdkClients.startInvokeStream(running.client(), BedrockEmulatorSdkTest.SDXL,
                "{\"text_prompts\":[{\"text\":\"a lighthouse\"}]}").done());
        assertThat(error).isInstanceOf(ValidationException.class);
    }

    static List<String> converseModels() {
        return List.of(LLAMA, MISTRAL, COHERE, CLAUDE, TITAN, "amazon.nova-lite-v1:0", "ai21.jamba-1-5-large-v1:0");
    }

    static List<Message> question(String text) {
        return List.of(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build());
    }

    @ParameterizedTest
    @MethodSource("converseModels")
    void converseStreamCarriesTheConverseTextUsageAndStopReason(String modelId) {
        InferenceConfiguration config = InferenceConfiguration.builder().maxTokens(9).build();
        ConverseResponse plain = running.client().converse(ConverseRequest.builder().modelId(modelId)
                .messages(question("Name a river")).inferenceConfig(config).build()).join();
        List<ConverseStreamOutput> events = converseStream(running.client(), ConverseStreamRequest.builder().modelId(modelId)
                .messages(question("Name a river")).inferenceConfig(config).build());

        assertThat(events.get(0)).isInstanceOfSatisfying(MessageStartEvent.class,
                start -> assertThat(start.role()).isEqualTo(ConversationRole.ASSISTANT));
        String streamed = events.stream().filter(ContentBlockDeltaEvent.class::isInstance)
                .map(event -> ((ContentBlockDeltaEvent) event).delta().text()).collect(Collectors.joining());
        assertThat(streamed).isEqualTo(plain.output().message().content().get(0).text());
        assertThat(events).filteredOn(MessageStopEvent.class::isInstance).singleElement()
                .satisfies(stop -> assertThat(((MessageStopEvent) stop).stopReason()).isEqualTo(plain.stopReason()));
        ConverseStreamMetadataEvent metadata = (ConverseStreamMetadataEvent) events.get(events.size() - 1);
        assertThat(metadata.usage()).isEqualTo(plain.usage());
        assertThat(metadata.metrics().latencyMs()).isNotNull().isNotNegative();
        assertThat(events.get(events.size() - 2)).isInstanceOf(MessageStopEvent.class);
    }

    @Test
    void converseStreamStartsAToolUseBlockWithItsIdAndName() {
        ToolSpecification weather = ToolSpecification.builder().name("get_weather")
                .inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object").build())).build();
        List<ConverseStreamOutput> events = converseStream(running.client(), ConverseStreamRequest.builder().modelId(CLAUDE)
                .messages(question("Weather in Oslo?"))
                .toolConfig(ToolConfiguration.builder().tools(Tool.fromToolSpec(weather))
                        .toolChoice(ToolChoice.fromAny(AnyToolChoice.builder().build())).build())
                .build());

        ContentBlockStartEvent start = events.stream().filter(ContentBlockStartEvent.class::isInstance)
                .map(ContentBlockStartEvent.class::cast).findFirst().orElseThrow();
        assertThat(start.contentBlockIndex()).isZero();
        assertThat(start.start().toolUse().name()).isEqualTo("get_weather");
        assertThat(start.start().toolUse().toolUseId()).startsWith("tooluse_");
        assertThat(events.stream().filter(ContentBlockDeltaEvent.class::isInstance).map(ContentBlockDeltaEvent.class::cast)
                .map(delta -> delta.delta().toolUse().input()).collect(java.util.stream.Collectors.joining()))
                .isEqualTo("{}");
        assertThat(events).anyMatch(event -> event instanceof MessageStopEvent stop && stop.stopReason() == StopReason.TOOL_USE);
    }
}
