package dev.bedrockgateway.provider.converse;

import static dev.bedrockgateway.provider.ParameterTable.UNBOUNDED;
import static dev.bedrockgateway.provider.ParameterTable.reject;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.catalog.ConverseFeatures;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.AlternatingTurns;
import dev.bedrockgateway.provider.ImageInput;
import dev.bedrockgateway.provider.LastEvent;
import dev.bedrockgateway.provider.ModelAdapter;
import dev.bedrockgateway.provider.ParameterTable.Field;
import dev.bedrockgateway.provider.ParameterTable.Row;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.provider.StreamTally;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;

/**
 * Every text model without a family adapter of its own, through Bedrock's model-agnostic Converse API.
 *
 * <p>What differs by model is read from the catalog ({@link ConverseFeatures}), because Bedrock refuses the call
 * rather than ignoring a field the model does not take:
 * <ul>
 *   <li>a model without system prompts (Titan Text) gets the system prompt as the first text of the first user turn,
 *       since Bedrock answers {@code system} with "This model doesn't support system messages";</li>
 *   <li>{@code top_k} goes under the model's own name in additionalModelRequestFields ("top_k" for Claude and
 *       the text-completion Mistral models, "k" for Command R, {@code inferenceConfig.topK} for Nova) and is dropped
 *       for a model that has none (Titan, Llama, Mistral Large, Jamba), as the Llama adapter drops it, so a route that falls back to such a model still
 *       answers; {@code provider_options} can still name any native field and wins over the mapped one;</li>
 *   <li>stop sequences the model cannot take are dropped for the same reason (Titan takes one, "User:" or a run of
 *       "|", and refuses the whole call for any other).</li>
 * </ul>
 */
@Component
public class ConverseAdapter implements ModelAdapter {

    /**
     * Inference settings that are only renames and ranges (Converse InferenceConfiguration: 0–1, maxTokens ≥ 1).
     * Rejected, not clamped, as for Claude: one range, 0–1, holds for every model behind Converse, so a value outside
     * it is the caller's mistake. They feed the SDK's builder one by one.
     */
    private static final Row<Parameters> MAX_TOKENS = reject(Field.MAX_TOKENS, "maxTokens", 1, UNBOUNDED);
    private static final Row<Parameters> TEMPERATURE = reject(Field.TEMPERATURE, "temperature", 0, 1);
    private static final Row<Parameters> TOP_P = reject(Field.TOP_P, "topP", 0, 1);
    private static final Row<Parameters> TOP_K = reject(Field.TOP_K, "top_k", 0, UNBOUNDED);

    /** Between a folded system prompt and the user's first text: a paragraph break. */
    static final String SYSTEM_SEPARATOR = "\n\n";

    /** Converse's stop reasons as SDK 2.57.8 knows them; anything newer reads as a normal stop. */
    private static final Map<StopReason, FinishReason> STOP_REASONS = new EnumMap<>(Map.of(
            StopReason.END_TURN, FinishReason.STOP,
            StopReason.MAX_TOKENS, FinishReason.LENGTH,
            StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED, FinishReason.LENGTH,
            StopReason.STOP_SEQUENCE, FinishReason.STOP_SEQUENCE,
            StopReason.TOOL_USE, FinishReason.TOOL_USE,
            StopReason.GUARDRAIL_INTERVENED, FinishReason.CONTENT_FILTER,
            StopReason.CONTENT_FILTERED, FinishReason.CONTENT_FILTER,
            StopReason.MALFORMED_MODEL_OUTPUT, FinishReason.ERROR,
            StopReason.MALFORMED_TOOL_USE, FinishReason.ERROR));

    @Override
    public ModelFamily family() {
        return ModelFamily.CONVERSE;
    }

    /** A request with a response format is answered through its forced tool ({@link StructuredOutput}). */
    @Override
    public Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        if (request.responseFormat() == null) {
            return converse(request, model, transport);
        }
        return Mono.fromCallable(() -> new StructuredOutput(request.responseFormat(), model))
                .flatMap(output -> converse(output.asToolCall(request), model, transport).map(output::answer));
    }

    private Mono<GenerationResult> converse(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromCallable(() -> toConverseRequest(request, model))
                .flatMap(transport::converse)
                .map(this::fromConverseResponse);
    }

    @Override
    public Flux<StreamEvent> stream(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        if (request.responseFormat() == null) {
            return converseStream(request, model, transport);
        }
        return Mono.fromCallable(() -> new StructuredOutput(request.responseFormat(), model))
                .flatMapMany(output -> output.answer(converseStream(output.asToolCall(request), model, transport)));
    }

    private Flux<StreamEvent> converseStream(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromCallable(() -> toConverseStreamRequest(toConverseRequest(request, model)))
                .flatMapMany(call -> Flux.defer(() -> {
                    StreamTally tally = new StreamTally();
                    Map<Integer, Integer> toolCallIndexes = new HashMap<>();
                    return LastEvent.endsAt(transport.converseStream(call),
                                    event -> event instanceof ConverseStreamMetadataEvent)
                            .<StreamEvent>mapNotNull(event -> read(event, tally, toolCallIndexes))
                            .concatWith(Mono.fromSupplier(tally::end));
                }));
    }

    /**
     * The input tokens of the request as Bedrock's CountTokens counts them for the model: the Converse call it would
     * make, as CountTokens' converse input (messages, system, tools, additional fields; the inference settings do not
     * count). Bedrock counts the same input the same way whichever API then serves it.
     */
    @Override
    public Mono<Integer> countTokens(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
        return Mono.fromCallable(() -> {
                    ConverseRequest call = toConverseRequest(request, model);
                    ConverseTokensRequest.Builder input = ConverseTokensRequest.builder()
                            .messages(call.messages())
                            .toolConfig(call.toolConfig())
                            .additionalModelRequestFields(call.additionalModelRequestFields());
                    if (call.hasSystem()) {
                        input.system(call.system());
                    }
                    return CountTokensRequest.builder().modelId(model.id())
                            .input(CountTokensInput.fromConverse(input.build())).build();
                })
                .flatMap(transport::countTokens)
                .map(CountTokensResponse::inputTokens);
    }

    /** The same call as ConverseStream: the two requests have the same fields. */
    static ConverseStreamRequest toConverseStreamRequest(ConverseRequest call) {
        return ConverseStreamRequest.builder()
                .modelId(call.modelId())
                .messages(call.messages())
                .system(call.hasSystem() ? call.system() : null)
                .inferenceConfig(call.inferenceConfig())
                .toolConfig(call.toolConfig())
                .additionalModelRequestFields(call.additionalModelRequestFields())
                .build();
    }

    /**
     * One ConverseStream event: text from a content block delta, a tool call from a toolUse block's start and its
     * input's fragments from later deltas, the stop reason from messageStop, the counts from metadata.
     *
     * @param toolCallIndexes the stream's tool calls so far: content block index to call index (0, 1, ...), since
     *                        Converse numbers every block and OpenAI's clients number only the calls
     */
    static StreamEvent read(ConverseStreamOutput event, StreamTally tally, Map<Integer, Integer> toolCallIndexes) {
        if (event instanceof ContentBlockStartEvent start && start.start() != null
                && start.start().toolUse() != null) {
            int index = toolCallIndexes.size();
            toolCallIndexes.put(start.contentBlockIndex(), index);
            return new StreamEvent.ToolCallDelta(index, start.start().toolUse().toolUseId(),
                    start.start().toolUse().name(), "");
        }
        if (event instanceof ContentBlockDeltaEvent delta && delta.delta() != null) {
            return blockDelta(delta, toolCallIndexes);
        }
        if (event instanceof MessageStopEvent stop) {
            tally.finishReason(finishReason(stop.stopReason()));
        } else if (event instanceof ConverseStreamMetadataEvent metadata && metadata.usage() != null) {
            tally.usage(usage(metadata.usage()));
        }
        return null;
    }

    private static StreamEvent blockDelta(ContentBlockDeltaEvent delta, Map<Integer, Integer> toolCallIndexes) {
        String text = delta.delta().text();
        if (text != null) {
            return text.isEmpty() ? null : new StreamEvent.Delta(text);
        }
        Integer index = toolCallIndexes.get(delta.contentBlockIndex());
        if (delta.delta().toolUse() != null && index != null) {
            String input = delta.delta().toolUse().input();
            return input == null || input.isEmpty() ? null : new StreamEvent.ToolCallDelta(index, null, null, input);
        }
        return null; // reasoning and citations are not part of the answer's text
    }

    private static FinishReason finishReason(StopReason reason) {
        return reason == null ? FinishReason.STOP : STOP_REASONS.getOrDefault(reason, FinishReason.STOP);
    }

    /**
     * The Converse call for a canonical request. maxTokens defaults to the catalog's maxOutputTokens, as for Claude,
     * so a request behaves the same whichever family serves it rather than getting each model's own default.
     *
     * @throws GatewayException INVALID_REQUEST for a request the model cannot take
     */
    public ConverseRequest toConverseRequest(GenerationRequest request, ModelSpec model) {
        ToolConfiguration toolConfig = ConverseTools.toolConfig(request);
        ConverseRequest.Builder call = ConverseRequest.builder()
                .modelId(model.id())
                .messages(AlternatingTurns.of(request.messages(), model).stream()
                        .map(turn -> message(turn, model, toolConfig != null)).toList())
                .inferenceConfig(inferenceConfig(request.parameters(), model))
                .toolConfig(toolConfig);
        boolean hasSystem = request.system() != null && !request.system().isBlank();
        if (hasSystem && model.converse().systemPrompt()) {
            call.system(SystemContentBlock.fromText(request.system()));
        } else if (hasSystem) {
            call.messages(withSystemFolded(call.build().messages(), request.system()));
        }
        Map<String, Object> additional = additionalFields(request, model);
        if (!additional.isEmpty()) {
            call.additionalModelRequestFields(ProviderOptionDocuments.of(additional, "provider_options"));
        }
        return call.build();
    }

    /**
     * The canonical result of a Converse answer: the text blocks joined, the tool calls in order, the stop reason
     * normalised, the usage.
     *
     * @throws GatewayException UPSTREAM_ERROR when the answer has no output message
     */
    public GenerationResult fromConverseResponse(ConverseResponse response) {
        Message message = response.output() == null ? null : response.output().message();
        if (message == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_ERROR, "Converse answered without an output message");
        }
        String text = message.content().stream().map(ContentBlock::text).filter(Objects::nonNull)
                .collect(Collectors.joining());
        List<ToolCall> toolCalls = message.content().stream().map(ContentBlock::toolUse).filter(Objects::nonNull)
                .map(ConverseTools::toolCall).toList();
        return new GenerationResult(text, List.of(), finishReason(response.stopReason()), usage(response.usage()),
                toolCalls);
    }

    /**
     * The system prompt as the first text of the first (user) turn, for a model that refuses Converse's system field.
     * A blank line parts it from the user's own text, as a separate paragraph of instructions.
     */
    static List<Message> withSystemFolded(List<Message> messages, String system) {
        Message first = messages.get(0);
        List<ContentBlock> content = new ArrayList<>(first.content().size() + 1);
        content.add(ContentBlock.fromText(system + SYSTEM_SEPARATOR));
        content.addAll(first.content());
        List<Message> folded = new ArrayList<>(messages);
        folded.set(0, first.toBuilder().content(content).build());
        return List.copyOf(folded);
    }

    private static Message message(dev.bedrockgateway.core.Message turn, ModelSpec model, boolean toolConfigSent) {
        return Message.builder()
                .role(turn.role() == Role.USER ? ConversationRole.USER : ConversationRole.ASSISTANT)
                .content(turn.parts().stream().map(part -> block(part, model, toolConfigSent)).toList())
                .build();
    }

    private static ContentBlock block(Part part, ModelSpec model, boolean toolConfigSent) {
        if (part.isText()) {
            return ContentBlock.fromText(part.text());
        }
        if (part.isTool()) {
            return ConverseTools.block(part, toolConfigSent);
        }
        ImageInput.requireVision(model);
        ImageFormat format = ImageFormat.fromValue(part.imageFormat());
        if (format == null || format == ImageFormat.UNKNOWN_TO_SDK_VERSION) {
            throw GatewayException.invalid("Image media type " + part.mediaType() + " is not accepted by Converse;"
                    + " use one of image/png, image/jpeg, image/gif, image/webp");
        }
        return ContentBlock.fromImage(ImageBlock.builder()
                .format(format)
                .source(ImageSource.fromBytes(SdkBytes.fromByteArray(part.data())))
                .build());
    }

    private static InferenceConfiguration inferenceConfig(Parameters parameters, ModelSpec model) {
        Number maxTokens = MAX_TOKENS.read(parameters, model);
        Number temperature = TEMPERATURE.read(parameters, model);
        Number topP = TOP_P.read(parameters, model);
        InferenceConfiguration.Builder config = InferenceConfiguration.builder()
                .maxTokens(maxTokens != null ? maxTokens.intValue() : model.maxOutputTokens())
                .temperature(temperature == null ? null : temperature.floatValue())
                .topP(topP == null ? null : topP.floatValue());
        List<String> stop = model.converse().acceptedStopSequences(parameters.stop());
        if (!stop.isEmpty()) {
            config.stopSequences(stop);
        }
        return config.build();
    }

    /**
     * top_k under the model's own field when it has one, then provider_options on top, so the caller's explicit
     * native fields win. A dotted field ("inferenceConfig.topK") is written as nested objects.
     */
    private static Map<String, Object> additionalFields(GenerationRequest request, ModelSpec model) {
        Map<String, Object> fields = new LinkedHashMap<>();
        Number topK = TOP_K.read(request.parameters(), model);
        String field = model.converse().topKField();
        if (topK != null && field != null) {
            putPath(fields, field.split("\\."), topK);
        }
        fields.putAll(request.providerOptions());
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static void putPath(Map<String, Object> fields, String[] path, Object value) {
        Map<String, Object> level = fields;
        for (int i = 0; i < path.length - 1; i++) {
            level = (Map<String, Object>) level.computeIfAbsent(path[i], name -> new LinkedHashMap<String, Object>());
        }
        level.put(path[path.length - 1], value);
    }

    private static Usage usage(TokenUsage usage) {
        if (usage == null) {
            return Usage.NONE;
        }
        return new Usage(usage.inputTokens() == null ? 0 : usage.inputTokens(),
                usage.outputTokens() == null ? 0 : usage.outputTokens());
    }

    /** Exposed for tests that compare the stop-reason table with the SDK's enum. */
    static List<StopReason> mappedStopReasons() {
        return List.copyOf(STOP_REASONS.keySet());
    }
}
