package dev.bedrockgateway.anthropic;

import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.ToolCall;
import dev.bedrockgateway.core.ToolChoice;
import dev.bedrockgateway.core.ToolDefinition;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ServedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Maps Anthropic's Messages API to the canonical request and back (https://docs.anthropic.com/en/api/messages).
 * What Bedrock can honour is mapped; what only steers Anthropic's own service (prompt caching, thinking, service
 * tiers) is ignored; what would change the answer if ignored (server tools, PDF documents, an unknown block) is refused
 * with a 400 that names the field.
 */
public final class Messages {

    private Messages() {
    }

    /**
     * The canonical request of a {@code /v1/messages} body.
     *
     * @param counting whether it is a count_tokens body, which has no max_tokens
     */
    public static GenerationRequest toCanonical(MessagesRequest body, AnthropicVersion version, boolean counting) {
        String model = RequestChecks.optionalName("model", body.model());
        if (model == null) {
            throw GatewayException.invalid("model", "model is required: a catalog alias, a Bedrock model id or an"
                    + " Anthropic model name the catalog maps");
        }
        if (!counting && body.maxTokens() == null) {
            throw GatewayException.invalid("max_tokens", "max_tokens is required: the most tokens the answer may hold");
        }
        List<ToolDefinition> tools = MessageTools.definitions(body.tools());
        ToolChoice toolChoice = MessageTools.choice(body.toolChoice(), tools);
        List<String> systems = new ArrayList<>();
        String system = system("system", body.system());
        if (system != null) {
            systems.add(system);
        }
        List<Message> messages = RequestChecks.conversation(messages(body.messages(), systems));
        return new GenerationRequest(Task.CHAT, systems.isEmpty() ? null : String.join("\n\n", systems), messages,
                parameters(body, version), null, null, model, null,
                new RequestMetadata(user(body.metadata()), Map.of()), tools, toolChoice);
    }

    /**
     * The conversation. A {@code system} message (API version 2026-10-21 allows them among the turns) joins the system
     * prompt, after the top-level one: the canonical request has one system prompt, so its place among the turns is
     * not kept.
     */
    private static List<Message> messages(JsonNode wire, List<String> systems) {
        if (wire == null || wire.isNull()) {
            throw GatewayException.invalid("messages", "messages is required: a non-empty list");
        }
        if (!wire.isArray() || wire.isEmpty()) {
            throw GatewayException.invalid("messages", "messages must be a non-empty list of messages");
        }
        ContentBlocks blocks = new ContentBlocks();
        List<Message> messages = new ArrayList<>(wire.size());
        for (int i = 0; i < wire.size(); i++) {
            String field = "messages[" + i + "]";
            JsonNode message = wire.get(i);
            if (!message.isObject()) {
                throw GatewayException.invalid(field, field + " must be an object with a role and content");
            }
            Role role = switch (RequestChecks.stringField(field, message, "role")) {
                case "user" -> Role.USER;
                case "assistant" -> Role.ASSISTANT;
                case "system" -> null;
                default -> throw GatewayException.invalid(field + ".role", field + ".role must be user, assistant or"
                        + " system");
            };
            if (role == null) {
                String system = system(field + ".content", message.get("content"));
                if (system == null) {
                    throw GatewayException.invalid(field + ".content", field + ".content is empty");
                }
                systems.add(system);
            } else {
                messages.add(new Message(role, blocks.parts(field + ".content", message.get("content"), role)));
            }
        }
        return messages;
    }

    /** A system prompt: a string, or a list of text blocks joined with blank lines. */
    private static String system(String field, JsonNode system) {
        if (system == null || system.isNull() || (system.isString() && system.stringValue().isBlank())) {
            return null;
        }
        List<Part> parts = RequestChecks.parts(field, system, (blockField, block) -> {
            String type = RequestChecks.stringField(blockField, block, "type");
            if (!type.equals("text")) {
                throw GatewayException.invalid(blockField + ".type", blockField + ".type '" + type + "' is not"
                        + " supported; a system prompt holds text blocks only");
            }
            return RequestChecks.text(blockField, block);
        });
        return RequestChecks.systemText(field, parts);
    }

    private static Parameters parameters(MessagesRequest body, AnthropicVersion version) {
        RequestChecks.positive("max_tokens", body.maxTokens());
        if (version.samplingRemoved()) {
            removed(version, "temperature", body.temperature());
            removed(version, "top_p", body.topP());
            removed(version, "top_k", body.topK());
        }
        RequestChecks.unitInterval("temperature", body.temperature());
        RequestChecks.unitInterval("top_p", body.topP());
        RequestChecks.notNegative("top_k", body.topK());
        JsonNode stop = body.stopSequences();
        if (stop != null && !stop.isNull() && !stop.isArray()) {
            throw GatewayException.invalid("stop_sequences", "stop_sequences must be a list of strings");
        }
        return new Parameters(body.maxTokens(), body.temperature(), body.topP(), body.topK(),
                RequestChecks.stop("stop_sequences", stop));
    }

    private static void removed(AnthropicVersion version, String field, Number value) {
        if (value != null) {
            throw GatewayException.invalid(field, field + " is not supported in API version " + version.value()
                    + "; leave it out or send anthropic-version: " + AnthropicVersion.V2023_06_01.value());
        }
    }

    /** {@code metadata.user_id}, Anthropic's one metadata field: the end user, for routing and the access log. */
    private static String user(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            throw GatewayException.invalid("metadata", "metadata must be an object");
        }
        JsonNode user = metadata.get("user_id");
        if (user == null || user.isNull()) {
            return null;
        }
        return RequestChecks.stringField("metadata", metadata, "user_id");
    }

    /** The answer in Anthropic's {@code message} shape. */
    public static MessageAnswer answer(ServedRequest served) {
        GenerationResult result = served.dispatch().result();
        List<MessageAnswer.Block> content = new ArrayList<>();
        if (!result.text().isEmpty() || result.toolCalls().isEmpty()) {
            content.add(MessageAnswer.Block.text(result.text()));
        }
        for (ToolCall call : result.toolCalls()) {
            content.add(MessageAnswer.Block.toolUse(call.id(), call.name(), input(call.arguments())));
        }
        return new MessageAnswer(newId(), MessageAnswer.TYPE, MessageAnswer.ROLE, content,
                served.dispatch().model().alias(), stopReason(result.finishReason()),
                stopSequence(result.finishReason(), served.request()), MessageAnswer.Usage.of(result.usage()));
    }

    static String newId() {
        return RequestContext.newId("msg_");
    }

    /** A tool call's arguments as the object Anthropic's {@code input} is; a model's non-object text is kept whole. */
    static JsonNode input(String arguments) {
        try {
            JsonNode input = ApiJson.MAPPER.readTree(arguments);
            if (input != null && input.isObject()) {
                return input;
            }
        } catch (RuntimeException notJson) {
            // a model that wrote broken JSON: keep its text under a key rather than lose it
        }
        return ApiJson.MAPPER.createObjectNode().put("arguments", arguments);
    }

    /**
     * Anthropic's stop reasons. A content filter is Claude's "refusal"; a model error has no Anthropic name and keeps
     * the gateway's ("error"), which the SDKs read as an unknown value rather than fail on.
     */
    static String stopReason(FinishReason reason) {
        return switch (reason == null ? FinishReason.STOP : reason) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case STOP_SEQUENCE -> "stop_sequence";
            case TOOL_USE -> "tool_use";
            case CONTENT_FILTER -> "refusal";
            case ERROR -> "error";
        };
    }

    /**
     * Which stop sequence ended the answer. The canonical result says only that one did, so it is named when the
     * request gave exactly one, and null otherwise.
     */
    static String stopSequence(FinishReason reason, GenerationRequest request) {
        List<String> stop = request.parameters().stop();
        return reason == FinishReason.STOP_SEQUENCE && stop.size() == 1 ? stop.get(0) : null;
    }
}
