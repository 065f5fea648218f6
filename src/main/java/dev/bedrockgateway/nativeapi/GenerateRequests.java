package dev.bedrockgateway.nativeapi;

import dev.bedrockgateway.pipeline.RequestChecks;
import dev.bedrockgateway.pipeline.ResponseFormats;
import dev.bedrockgateway.nativeapi.GenerateBody.WireImage;
import dev.bedrockgateway.nativeapi.GenerateBody.WireMessage;
import dev.bedrockgateway.nativeapi.GenerateBody.WireParameters;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.ImageOptions;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.ResponseFormat;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a native API body and turns it into the canonical request. Every refusal names the field
 * and what was wrong with it, so the caller can fix it without reading the docs.
 */
public final class GenerateRequests {

    /** The name of a response format that names none: the tool Bedrock is made to call. */
    static final String DEFAULT_FORMAT_NAME = "response";

    private GenerateRequests() {
    }

    public static GenerationRequest toCanonical(GenerateBody body) {
        Task task = task(body.task());
        List<String> systems = new ArrayList<>();
        if (body.system() != null) {
            if (body.system().isBlank()) {
                throw GatewayException.invalid("system is empty; leave it out or give it text");
            }
            systems.add(body.system());
        }
        List<Message> messages = messages(body, systems);
        if (task == Task.IMAGE && messages.stream().anyMatch(Message::hasImages)) {
            throw GatewayException.invalid("image requests take a text prompt only, not image parts");
        }
        if (task == Task.CHAT && body.image() != null) {
            throw GatewayException.invalid("image options are only for \"task\": \"image\"");
        }
        if (body.providerOptions() != null && body.providerOptions().keySet().stream().anyMatch(String::isBlank)) {
            throw GatewayException.invalid("provider_options has an empty key");
        }
        return new GenerationRequest(task, systems.isEmpty() ? null : String.join("\n\n", systems), messages,
                parameters(body.parameters()), image(body.image()), body.providerOptions(),
                RequestChecks.optionalName("model", body.model()), RequestChecks.optionalName("route", body.route()),
                metadata(body.metadata()), List.of(), null, responseFormat(body.responseFormat(), task));
    }

    private static ResponseFormat responseFormat(GenerateBody.WireResponseFormat wire, Task task) {
        if (wire == null) {
            return null;
        }
        if (task != Task.CHAT) {
            throw GatewayException.invalid("response_format", "response_format is only for chat, not images");
        }
        return ResponseFormats.schema("response_format", wire.name() == null ? DEFAULT_FORMAT_NAME : wire.name(),
                wire.schema(), wire.strict() == null || wire.strict());
    }

    public static RequestMetadata metadata(GenerateBody.WireMetadata wire) {
        if (wire == null) {
            return RequestMetadata.NONE;
        }
        if (wire.tags() != null && wire.tags().values().stream().anyMatch(java.util.Objects::isNull)) {
            throw GatewayException.invalid("metadata.tags values must be strings");
        }
        return new RequestMetadata(wire.user(), wire.tags());
    }

    private static Task task(String task) {
        if (task == null || task.equals("chat")) {
            return Task.CHAT;
        }
        if (task.equals("image")) {
            return Task.IMAGE;
        }
        throw GatewayException.invalid("task '" + task + "' is not one of: chat, image");
    }

    private static List<Message> messages(GenerateBody body, List<String> systems) {
        if (body.prompt() != null && body.messages() != null) {
            throw GatewayException.invalid("send either prompt or messages, not both");
        }
        if (body.prompt() != null) {
            if (body.prompt().isBlank()) {
                throw GatewayException.invalid("prompt is empty");
            }
            return List.of(Message.user(body.prompt()));
        }
        if (body.messages() == null || body.messages().isEmpty()) {
            throw GatewayException.invalid("no prompt: send prompt (a string) or messages (a non-empty list)");
        }
        List<Message> messages = new ArrayList<>(body.messages().size());
        for (int i = 0; i < body.messages().size(); i++) {
            String field = "messages[" + i + "]";
            WireMessage wire = body.messages().get(i);
            if (wire == null) {
                throw GatewayException.invalid(field + " is null");
            }
            String role = wire.role();
            if (role == null) {
                throw GatewayException.invalid(field + ".role is required (user, assistant or system)");
            }
            List<Part> parts = RequestChecks.parts(field + ".content", wire.content(), GenerateRequests::part);
            switch (role) {
                case "user" -> messages.add(new Message(Role.USER, parts));
                case "assistant" -> messages.add(new Message(Role.ASSISTANT, parts));
                case "system" -> systems.add(RequestChecks.systemText(field, parts));
                default -> throw GatewayException.invalid(
                        field + ".role '" + role + "' is not one of: user, assistant, system");
            }
        }
        return RequestChecks.conversation(messages);
    }

    private static Part part(String field, JsonNode node) {
        String type = RequestChecks.stringField(field, node, "type");
        return switch (type) {
            case "text" -> RequestChecks.textPart(field, node);
            case "image" -> {
                RequestChecks.onlyFields(field, node, Set.of("type", "media_type", "data"));
                String mediaType = RequestChecks.imageMediaType(field + ".media_type",
                        RequestChecks.stringField(field, node, "media_type"));
                yield Part.image(mediaType,
                        RequestChecks.base64(field + ".data", RequestChecks.stringField(field, node, "data")));
            }
            default -> throw GatewayException.invalid(field + ".type '" + type + "' is not one of: text, image");
        };
    }

    private static Parameters parameters(WireParameters wire) {
        if (wire == null) {
            return Parameters.DEFAULTS;
        }
        RequestChecks.positive("parameters.max_tokens", wire.maxTokens());
        RequestChecks.unitInterval("parameters.temperature", wire.temperature());
        RequestChecks.unitInterval("parameters.top_p", wire.topP());
        RequestChecks.notNegative("parameters.top_k", wire.topK());
        return new Parameters(wire.maxTokens(), wire.temperature(), wire.topP(), wire.topK(),
                RequestChecks.stop("parameters.stop", wire.stop()));
    }

    private static ImageOptions image(WireImage wire) {
        if (wire == null) {
            return ImageOptions.DEFAULTS;
        }
        RequestChecks.positive("image.width", wire.width());
        RequestChecks.positive("image.height", wire.height());
        RequestChecks.positive("image.count", wire.count());
        RequestChecks.positive("image.steps", wire.steps());
        RequestChecks.notNegative("image.cfg_scale", wire.cfgScale());
        RequestChecks.notNegative("image.seed", wire.seed());
        return new ImageOptions(wire.width(), wire.height(), wire.count(), wire.steps(), wire.cfgScale(), wire.seed(),
                wire.negativePrompt(), wire.stylePreset());
    }
}
