package dev.bedrockgateway.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model-agnostic request every API renders into and every adapter translates from.
 *
 * @param task            chat or image
 * @param system          the system prompt, or null
 * @param messages        the conversation, never empty; the first turn is the user's
 * @param parameters      sampling parameters
 * @param image           image options (only read for image tasks)
 * @param providerOptions fields merged verbatim into the chosen family's native body after mapping
 * @param model           the model the caller named (alias, id, profile id or ARN), or null
 * @param route           the route the caller named, or null
 * @param metadata        who the request is for
 * @param tools           functions the model may call instead of answering in text (empty: none)
 * @param toolChoice      whether and which of them the model must call
 * @param responseFormat  the shape the answer must take (structured outputs), or null for plain text
 */
public record GenerationRequest(Task task, String system, List<Message> messages, Parameters parameters,
                                ImageOptions image, Map<String, Object> providerOptions, String model, String route,
                                RequestMetadata metadata, List<ToolDefinition> tools, ToolChoice toolChoice,
                                ResponseFormat responseFormat) {

    /** A request answered in plain text. */
    public GenerationRequest(Task task, String system, List<Message> messages, Parameters parameters,
                             ImageOptions image, Map<String, Object> providerOptions, String model, String route,
                             RequestMetadata metadata, List<ToolDefinition> tools, ToolChoice toolChoice) {
        this(task, system, messages, parameters, image, providerOptions, model, route, metadata, tools, toolChoice,
                null);
    }

    /** A request that offers no tools. */
    public GenerationRequest(Task task, String system, List<Message> messages, Parameters parameters,
                             ImageOptions image, Map<String, Object> providerOptions, String model, String route,
                             RequestMetadata metadata) {
        this(task, system, messages, parameters, image, providerOptions, model, route, metadata, List.of(), null);
    }

    /** A request with no metadata. */
    public GenerationRequest(Task task, String system, List<Message> messages, Parameters parameters,
                             ImageOptions image, Map<String, Object> providerOptions, String model, String route) {
        this(task, system, messages, parameters, image, providerOptions, model, route, RequestMetadata.NONE);
    }

    public GenerationRequest {
        Objects.requireNonNull(task);
        messages = List.copyOf(messages);
        parameters = parameters == null ? Parameters.DEFAULTS : parameters;
        image = image == null ? ImageOptions.DEFAULTS : image;
        metadata = metadata == null ? RequestMetadata.NONE : metadata;
        tools = tools == null ? List.of() : List.copyOf(tools);
        toolChoice = toolChoice == null ? ToolChoice.AUTO : toolChoice;
        providerOptions = providerOptions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providerOptions));
    }

    /** A one-turn chat request, the shape most callers send. */
    public static GenerationRequest chat(String prompt) {
        return new GenerationRequest(Task.CHAT, null, List.of(Message.user(prompt)), null, null, null, null, null);
    }

    /** The last user turn's text: the image prompt for image models, the "message" for Cohere. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    public boolean hasImages() {
        return messages.stream().anyMatch(Message::hasImages);
    }

    /** Whether the model may call a tool: tools are offered and the caller did not forbid calling them. */
    public boolean offersTools() {
        return !tools.isEmpty() && toolChoice.mode() != ToolChoice.Mode.NONE;
    }

    /** This request with its tools and tool choice replaced, everything else kept. */
    public GenerationRequest withTools(List<ToolDefinition> tools, ToolChoice toolChoice) {
        return new GenerationRequest(task, system, messages, parameters, image, providerOptions, model, route,
                metadata, tools, toolChoice, responseFormat);
    }

    /** Whether anything about tools is in the request: offered tools, or tool calls and results in the conversation. */
    public boolean usesTools() {
        return !tools.isEmpty() || messages.stream().anyMatch(Message::hasToolParts);
    }
}
