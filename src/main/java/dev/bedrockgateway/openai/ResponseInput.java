package dev.bedrockgateway.openai;

import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolResult;
import dev.bedrockgateway.pipeline.RequestChecks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Responses API's {@code input} read into the canonical conversation: a string (one user message) or a list of
 * items, as https://platform.openai.com/docs/api-reference/responses/create documents them: {@code message} items
 * (with or without {@code "type":"message"}; content a string or {@code input_text}, {@code input_image} and, for the
 * assistant's earlier turns, {@code output_text} parts), {@code function_call} items (the model's earlier calls) and
 * {@code function_call_output} items (their results). Consecutive items of one role become one turn downstream.
 */
final class ResponseInput {

    private static final Set<String> MESSAGE_FIELDS = Set.of("type", "role", "content", "id", "status");
    private static final Set<String> CALL_FIELDS = Set.of("type", "call_id", "name", "arguments", "id", "status");
    private static final Set<String> OUTPUT_FIELDS = Set.of("type", "call_id", "output", "id", "status");

    private final UnknownFields unknown;
    private final List<String> systems;
    private final List<Message> messages = new ArrayList<>();
    private final Set<String> callIds = new HashSet<>();

    private ResponseInput(UnknownFields unknown, List<String> systems) {
        this.unknown = unknown;
        this.systems = systems;
    }

    /**
     * The conversation.
     *
     * @param systems collects the text of system and developer messages, which become the system prompt
     */
    static List<Message> read(JsonNode input, List<String> systems, UnknownFields unknown) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw GatewayException.invalid("input", "input is required: a string or a list of input items");
        }
        if (input.isString()) {
            if (input.stringValue().isBlank()) {
                throw GatewayException.invalid("input", "input is empty");
            }
            return List.of(Message.user(input.stringValue()));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw GatewayException.invalid("input", "input must be a string or a non-empty list of input items, got "
                    + (input.isArray() ? "an empty list" : RequestChecks.nodeType(input)));
        }
        ResponseInput reader = new ResponseInput(unknown, systems);
        for (int i = 0; i < input.size(); i++) {
            reader.item("input[" + i + "]", input.get(i));
        }
        return reader.messages;
    }

    private void item(String field, JsonNode item) {
        if (!item.isObject()) {
            throw GatewayException.invalid(field, field + " must be an object");
        }
        JsonNode type = item.get("type");
        String kind = type == null || type.isNull() ? "message" : ChatTools.requiredString(field + ".type", type);
        switch (kind) {
            case "message" -> message(field, item);
            case "function_call" -> functionCall(field, item);
            case "function_call_output" -> functionCallOutput(field, item);
            default -> throw GatewayException.invalid(field + ".type", field + ".type '" + kind + "' is not"
                    + " supported; use message, function_call or function_call_output (responses are not stored, so"
                    + " items cannot be referenced)");
        }
    }

    private void message(String field, JsonNode item) {
        unknown.check(field, item, MESSAGE_FIELDS);
        String role = ChatTools.requiredString(field + ".role", item.get("role"));
        List<Part> parts = RequestChecks.parts(field + ".content", item.get("content"), this::part);
        switch (role) {
            // "developer" is what OpenAI's newer models call the system prompt.
            case "system", "developer" -> systems.add(RequestChecks.systemText(field, parts));
            case "user" -> messages.add(new Message(Role.USER, parts));
            case "assistant" -> {
                if (parts.stream().anyMatch(Part::isImage)) {
                    throw GatewayException.invalid(field + ".content", field + ": an assistant message holds text"
                            + " only");
                }
                messages.add(new Message(Role.ASSISTANT, parts));
            }
            default -> throw GatewayException.invalid(field + ".role", field + ".role '" + role
                    + "' is not one of: user, assistant, system, developer");
        }
    }

    private Part part(String field, JsonNode node) {
        String type = RequestChecks.stringField(field, node, "type");
        return switch (type) {
            case "input_text" -> {
                unknown.check(field, node, Set.of("type", "text"));
                yield RequestChecks.text(field, node);
            }
            case "output_text" -> {
                unknown.check(field, node, Set.of("type", "text", "annotations", "logprobs"));
                yield RequestChecks.text(field, node);
            }
            case "input_image" -> {
                unknown.check(field, node, Set.of("type", "image_url", "detail", "file_id"));
                if (ChatTools.present(node.get("file_id"))) {
                    throw GatewayException.invalid(field + ".file_id", field + ".file_id is not supported: the"
                            + " gateway stores no files; send the image inline as a data URL in image_url");
                }
                yield ChatCompletions.image(field + ".image_url",
                        ChatTools.requiredString(field + ".image_url", node.get("image_url")));
            }
            default -> throw GatewayException.invalid(field + ".type", field + ".type '" + type
                    + "' is not supported; use input_text or input_image (output_text in assistant messages)");
        };
    }

    private void functionCall(String field, JsonNode item) {
        unknown.check(field, item, CALL_FIELDS);
        String callId = ChatTools.requiredString(field + ".call_id", item.get("call_id"));
        if (!callIds.add(callId)) {
            throw GatewayException.invalid(field + ".call_id", field + ".call_id '" + callId
                    + "' is used by an earlier function_call; call ids must be unique");
        }
        String name = ChatTools.functionName(field + ".name", item.get("name"));
        String arguments = ChatTools.argumentsObject(field + ".arguments",
                ChatTools.requiredString(field + ".arguments", item.get("arguments")));
        messages.add(new Message(Role.ASSISTANT, List.of(Part.toolCall(new ToolCall(callId, name, arguments)))));
    }

    /** A result goes back to the model in the user's turn, as Converse and Claude both take it. */
    private void functionCallOutput(String field, JsonNode item) {
        unknown.check(field, item, OUTPUT_FIELDS);
        String callId = ChatTools.requiredString(field + ".call_id", item.get("call_id"));
        if (!callIds.contains(callId)) {
            throw GatewayException.invalid(field + ".call_id", field + ".call_id '" + callId
                    + "' answers no function_call item before it");
        }
        messages.add(new Message(Role.USER, List.of(Part.toolResult(new ToolResult(callId, output(field,
                item.get("output")))))));
    }

    /** A function's output: a string (which may be empty: a function can return nothing) or input_text parts. */
    private String output(String field, JsonNode output) {
        if (output != null && output.isString()) {
            return output.stringValue();
        }
        List<Part> parts = RequestChecks.parts(field + ".output", output, this::part);
        if (parts.stream().anyMatch(part -> !part.isText())) {
            throw GatewayException.invalid(field + ".output", field + ".output holds text only");
        }
        return new Message(Role.USER, parts).text();
    }
}
