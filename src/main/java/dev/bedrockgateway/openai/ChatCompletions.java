package dev.bedrockgateway.openai;

import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ResponseFormats;
import dev.bedrockgateway.pipeline.ServedRequest;
import dev.bedrockgateway.pipeline.ServedStream;
import dev.bedrockgateway.openai.ChatCompletionRequest.ChatMessage;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.ResponseFormat;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Maps OpenAI chat completions to the canonical request and back. Strict but SDK-friendly: what Bedrock can honour
 * is mapped; what makes no difference to the answer is ignored; what would silently change the answer if ignored is
 * refused with a 400 that says why, unless it carries OpenAI's neutral value (the SDKs and frameworks that send
 * {@code frequency_penalty: 0} or {@code logprobs: false} keep working).
 */
public final class ChatCompletions {

    /** OpenAI allows temperature up to 2; Bedrock's families take 0 to 1, and no scaling keeps its meaning. */
    static final String TEMPERATURE_RANGE = "temperature must be between 0 and 1: OpenAI allows up to 2, but Bedrock's"
            + " models take 0 to 1 and the gateway does not rescale (that would change what the value means)";

    private static final Pattern DATA_URL = Pattern.compile("data:([^;,]+);base64,(.*)", Pattern.DOTALL);

    private ChatCompletions() {
    }

    /** The request, refusing any field the gateway does not know. */
    public static GenerationRequest toCanonical(ChatCompletionRequest body) {
        return toCanonical(body, UnknownFields.refused());
    }

    /** The request, with fields the gateway does not know refused or skipped as {@code unknown} says. */
    public static GenerationRequest toCanonical(ChatCompletionRequest body, UnknownFields unknown) {
        ModelChoice choice = ModelChoice.of(body.model(), true);
        refuseFunctions("functions", body.functions());
        refuseFunctions("function_call", body.functionCall());
        List<ToolDefinition> tools = ChatTools.definitions(body.tools(), unknown);
        ToolChoice toolChoice = ChatTools.choice(body.toolChoice(), tools, unknown);
        includeUsage(body);
        refuseUnsupported(body);
        List<String> systems = new ArrayList<>();
        List<Message> messages = RequestChecks.conversation(messages(body.messages(), systems, unknown));
        ResponseFormat format = ResponseFormatWire.chat(body.responseFormat());
        ResponseFormats.withoutTools("response_format", format, tools);
        return new GenerationRequest(Task.CHAT, systems.isEmpty() ? null : String.join("\n\n", systems), messages,
                parameters(body), null, null, choice.model(), choice.route(),
                new RequestMetadata(body.user(), Map.of()), tools, toolChoice, format);
    }

    /** OpenAI's deprecated function calling, which its own clients replaced with tools. */
    private static void refuseFunctions(String field, JsonNode value) {
        if (present(value)) {
            throw GatewayException.invalid(field, field + " is OpenAI's deprecated function calling; send tools and"
                    + " tool_choice instead");
        }
    }

    /**
     * Documented OpenAI fields Bedrock has no counterpart for. Ignored without a word: store, metadata, service_tier,
     * prediction, prompt_cache_key, prompt_cache_options, prompt_cache_retention, safety_identifier, user,
     * parallel_tool_calls, stream_options (none of them changes the text; Bedrock's models decide themselves whether
     * to call several tools at once). Moderation would change what is answered and adds a field to the answer, so it
     * is refused.
     */
    private static void refuseUnsupported(ChatCompletionRequest body) {
        if (body.n() != null && body.n() != 1) {
            throw GatewayException.invalid("n", "n must be 1 (Bedrock models give one answer per call), got "
                    + body.n());
        }
        neutral("frequency_penalty", body.frequencyPenalty() == null || body.frequencyPenalty() == 0,
                "Bedrock's models have no frequency penalty");
        neutral("presence_penalty", body.presencePenalty() == null || body.presencePenalty() == 0,
                "Bedrock's models have no presence penalty");
        neutral("logprobs", !Boolean.TRUE.equals(body.logprobs()), "Bedrock does not return log probabilities");
        neutral("top_logprobs", body.topLogprobs() == null || body.topLogprobs() == 0,
                "Bedrock does not return log probabilities");
        neutral("logit_bias", body.logitBias() == null || body.logitBias().isEmpty(),
                "Bedrock's models take no logit bias");
        neutral("modalities", body.modalities() == null || body.modalities().equals(List.of("text")),
                "the gateway answers with text only");
        neutral("audio", !present(body.audio()), "the gateway answers with text only");
        neutral("reasoning_effort", body.reasoningEffort() == null, "these Bedrock models have no reasoning effort");
        neutral("verbosity", body.verbosity() == null, "Bedrock's models have no verbosity setting");
        neutral("web_search_options", !present(body.webSearchOptions()), "the gateway does not search the web");
        neutral("moderation", !present(body.moderation()), "the gateway runs no moderation model");
    }

    private static void neutral(String field, boolean neutral, String why) {
        if (!neutral) {
            throw GatewayException.invalid(field, field + " is not supported: " + why + "; leave it out");
        }
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static List<Message> messages(List<ChatMessage> wire, List<String> systems,
                                          UnknownFields unknown) {
        if (wire == null || wire.isEmpty()) {
            throw GatewayException.invalid("messages", "messages is required: a non-empty list");
        }
        List<Message> messages = new ArrayList<>(wire.size());
        Set<String> toolCallIds = new HashSet<>();
        for (int i = 0; i < wire.size(); i++) {
            String field = "messages[" + i + "]";
            ChatMessage message = wire.get(i);
            if (message == null) {
                throw GatewayException.invalid(field, field + " is null");
            }
            String role = Objects.requireNonNullElse(message.role(), "");
            refuseFunctions(field + ".function_call", message.functionCall());
            if (present(message.toolCalls()) && !role.equals("assistant")) {
                throw GatewayException.invalid(field + ".tool_calls", field + ": only assistant messages carry"
                        + " tool_calls");
            }
            if (message.toolCallId() != null && !role.equals("tool")) {
                throw GatewayException.invalid(field + ".tool_call_id", field + ": only tool messages carry"
                        + " tool_call_id");
            }
            neutral(field + ".audio", !present(message.audio()), "the gateway takes text and images only");
            switch (role) {
                // "developer" is what OpenAI's newer models call the system prompt.
                case "system", "developer" -> systems.add(RequestChecks.systemText(field, parts(field, message,
                        unknown)));
                case "user" -> messages.add(new Message(Role.USER, parts(field, message, unknown)));
                case "assistant" -> messages.add(new Message(Role.ASSISTANT, assistantParts(field, message,
                        toolCallIds, unknown)));
                // A tool's result goes back to the model in the user's turn, as Converse and Claude both take it.
                case "tool" -> messages.add(new Message(Role.USER, List.of(ChatTools.result(field,
                        message.toolCallId(), toolResultText(field, message, unknown), toolCallIds))));
                case "" -> throw GatewayException.invalid(field + ".role", field + ".role is required (system, user,"
                        + " assistant or tool)");
                default -> throw GatewayException.invalid(field + ".role", field + ".role '" + role
                        + "' is not one of: system, developer, user, assistant, tool");
            }
        }
        return messages;
    }

    private static List<Part> parts(String field, ChatMessage message, UnknownFields unknown) {
        return RequestChecks.parts(field + ".content", message.content(),
                (partField, node) -> part(partField, node, unknown));
    }

    /** An assistant's text, its tool calls, or both; with tool calls its content may be null or empty. */
    private static List<Part> assistantParts(String field, ChatMessage message, Set<String> toolCallIds,
                                             UnknownFields unknown) {
        if (!present(message.toolCalls())) {
            return parts(field, message, unknown);
        }
        List<Part> parts = new ArrayList<>();
        JsonNode content = message.content();
        boolean noText = !present(content) || (content.isString() && content.stringValue().isEmpty());
        if (!noText) {
            parts.addAll(parts(field, message, unknown));
        }
        parts.addAll(ChatTools.calls(field + ".tool_calls", message.toolCalls(), toolCallIds, unknown));
        return parts;
    }

    /** A tool message's content: a string (which may be empty: a tool can return nothing) or text parts. */
    private static String toolResultText(String field, ChatMessage message, UnknownFields unknown) {
        JsonNode content = message.content();
        if (content != null && content.isString()) {
            return content.stringValue();
        }
        List<Part> parts = parts(field, message, unknown);
        if (parts.stream().anyMatch(part -> !part.isText())) {
            throw GatewayException.invalid(field + ".content", field + ".content of a tool message holds text only");
        }
        return new Message(Role.USER, parts).text();
    }

    private static Part part(String field, JsonNode node, UnknownFields unknown) {
        String type = RequestChecks.stringField(field, node, "type");
        return switch (type) {
            case "text" -> {
                unknown.check(field, node, Set.of("type", "text"));
                yield RequestChecks.text(field, node);
            }
            case "image_url" -> {
                unknown.check(field, node, Set.of("type", "image_url"));
                JsonNode image = node.get("image_url");
                if (image == null || !image.isObject()) {
                    throw GatewayException.invalid(field + ".image_url", field
                            + ".image_url must be an object with a url");
                }
                unknown.check(field + ".image_url", image, Set.of("url", "detail"));
                yield image(field + ".image_url.url", RequestChecks.stringField(field + ".image_url", image, "url"));
            }
            default -> throw GatewayException.invalid(field + ".type", field + ".type '" + type
                    + "' is not supported; use text or image_url");
        };
    }

    /** Only inline images: fetching a caller's URL would make the gateway a proxy to wherever it points. */
    static Part image(String field, String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            throw GatewayException.invalid(field, field + " is a remote URL; the gateway fetches nothing, so send the"
                    + " image inline as a data URL (data:image/png;base64,...)");
        }
        Matcher data = DATA_URL.matcher(url);
        if (!data.matches()) {
            throw GatewayException.invalid(field, field
                    + " must be a base64 data URL such as data:image/png;base64,...");
        }
        String mediaType = RequestChecks.imageMediaType(field + " media type", data.group(1));
        return Part.image(mediaType, RequestChecks.base64(field + " data", data.group(2)));
    }

    private static Parameters parameters(ChatCompletionRequest body) {
        Integer maxTokens = body.maxCompletionTokens() != null ? body.maxCompletionTokens() : body.maxTokens();
        if (body.maxTokens() != null && body.maxCompletionTokens() != null
                && !body.maxTokens().equals(body.maxCompletionTokens())) {
            throw GatewayException.invalid("max_completion_tokens", "max_tokens (" + body.maxTokens()
                    + ") and max_completion_tokens (" + body.maxCompletionTokens() + ") disagree; send one of them");
        }
        RequestChecks.positive(body.maxCompletionTokens() != null ? "max_completion_tokens" : "max_tokens", maxTokens);
        temperature(body.temperature());
        RequestChecks.unitInterval("top_p", body.topP());
        return new Parameters(maxTokens, body.temperature(), body.topP(), null, RequestChecks.stop("stop", body.stop()),
                body.seed());
    }

    /** OpenAI's temperature, which both of its APIs take up to 2, checked against Bedrock's 0 to 1. */
    static void temperature(Double temperature) {
        if (temperature != null && temperature > 1 && temperature <= 2) {
            throw GatewayException.invalid("temperature", TEMPERATURE_RANGE + ", got " + temperature);
        }
        RequestChecks.unitInterval("temperature", temperature);
    }

    /**
     * Whether a streamed answer ends with a usage chunk ({@code stream_options.include_usage}); stream_options
     * without stream is refused, as OpenAI does.
     */
    public static boolean includeUsage(ChatCompletionRequest body) {
        JsonNode options = body.streamOptions();
        if (options == null || options.isNull()) {
            return false;
        }
        if (!Boolean.TRUE.equals(body.stream())) {
            throw GatewayException.invalid("stream_options", "stream_options is only allowed with stream: true");
        }
        JsonNode include = options.get("include_usage");
        if (!options.isObject() || (include != null && !include.isBoolean())) {
            throw GatewayException.invalid("stream_options.include_usage",
                    "stream_options.include_usage must be true or false");
        }
        return include != null && include.booleanValue();
    }

    /**
     * A streamed answer as OpenAI's chunks: the role first, then the text as it arrives, then the finish reason, then
     * (if asked for) the usage. The caller adds {@code [DONE]}.
     */
    public static Flux<ChatCompletionChunk> chunks(ServedStream served, boolean includeUsage) {
        String id = RequestContext.newId("chatcmpl-");
        long created = Instant.now().getEpochSecond();
        String model = served.dispatch().model().alias();
        ChatCompletionChunk first = new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                List.of(new ChatCompletionChunk.Choice(0, new ChatCompletionChunk.Delta("assistant", ""), null)), null);
        return served.events().concatMap(event -> {
            if (event instanceof StreamEvent.Delta delta) {
                return Flux.just(new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                        List.of(new ChatCompletionChunk.Choice(0, new ChatCompletionChunk.Delta(null, delta.text()), null)),
                        null));
            }
            if (event instanceof StreamEvent.ToolCallDelta call) {
                return Flux.just(new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                        List.of(new ChatCompletionChunk.Choice(0, ChatCompletionChunk.Delta.toolCall(call), null)),
                        null));
            }
            StreamEvent.End end = (StreamEvent.End) event;
            ChatCompletionChunk last = new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model,
                    List.of(new ChatCompletionChunk.Choice(0, new ChatCompletionChunk.Delta(null, null),
                            finishReason(end.finishReason()))), null);
            if (!includeUsage) {
                return Flux.just(last);
            }
            return Flux.just(last, new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, model, List.of(),
                    new ChatCompletion.Usage(end.usage().inputTokens(), end.usage().outputTokens(),
                            end.usage().totalTokens())));
        }).startWith(first);
    }

    /** The answer in OpenAI's {@code chat.completion} shape; {@code model} is the catalog alias that answered. */
    public static ChatCompletion answer(ServedRequest served) {
        GenerationResult result = served.dispatch().result();
        // OpenAI's content is null, not "", when the model only called tools.
        String content = result.text().isEmpty() && !result.toolCalls().isEmpty() ? null : result.text();
        ChatCompletion.Choice choice = new ChatCompletion.Choice(0,
                new ChatCompletion.ChoiceMessage("assistant", content, null, ChatTools.wire(result.toolCalls())),
                finishReason(result.finishReason()), null);
        return new ChatCompletion(RequestContext.newId("chatcmpl-"), "chat.completion",
                Instant.now().getEpochSecond(), served.dispatch().model().alias(), List.of(choice),
                new ChatCompletion.Usage(result.usage().inputTokens(), result.usage().outputTokens(),
                        result.usage().totalTokens()),
                GatewayDetails.of(served));
    }

    /**
     * OpenAI's finish reasons. A stop sequence is a "stop" there; a model error has no OpenAI name and keeps the
     * gateway's ("error"), which the SDKs read as an unknown value rather than fail on.
     */
    static String finishReason(FinishReason reason) {
        if (reason == null) {
            return "stop";
        }
        return switch (reason) {
            case STOP, STOP_SEQUENCE -> "stop";
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_USE -> "tool_calls";
            case ERROR -> "error";
        };
    }
}
