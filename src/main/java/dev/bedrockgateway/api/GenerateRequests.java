package dev.bedrockgateway.api;

import dev.bedrockgateway.api.GenerateBody.WireImage;
import dev.bedrockgateway.api.GenerateBody.WireMessage;
import dev.bedrockgateway.api.GenerateBody.WireParameters;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.ImageOptions;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.RequestMetadata;
import dev.bedrockgateway.core.Role;
import dev.bedrockgateway.core.Task;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a native API body and turns it into the canonical request. Every refusal names the field
 * and what was wrong with it, so the caller can fix it without reading the docs.
 */
final class GenerateRequests {

    /** Image types every vision model on Bedrock accepts (Claude 3 and Converse alike). */
    static final Set<String> IMAGE_MEDIA_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** Generous bound on stop sequences: Claude takes many, others fewer; Bedrock checks per model. */
    private static final int MAX_STOP_SEQUENCES = 16;

    private GenerateRequests() {
    }

    static GenerationRequest toCanonical(GenerateBody body) {
        if (Boolean.TRUE.equals(body.stream())) {
            throw GatewayException.invalid("stream: true is not supported on this gateway version; send stream: false");
        }
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
                optionalName("model", body.model()), optionalName("route", body.route()), metadata(body.metadata()));
    }

    private static RequestMetadata metadata(GenerateBody.WireMetadata wire) {
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

    private static String optionalName(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw GatewayException.invalid(field + " is empty; leave it out or name one");
        }
        return value.strip();
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
            List<Part> parts = parts(field + ".content", wire.content());
            switch (role) {
                case "user" -> messages.add(new Message(Role.USER, parts));
                case "assistant" -> messages.add(new Message(Role.ASSISTANT, parts));
                case "system" -> systems.add(systemText(field, parts));
                default -> throw GatewayException.invalid(
                        field + ".role '" + role + "' is not one of: user, assistant, system");
            }
        }
        if (messages.isEmpty()) {
            throw GatewayException.invalid("messages holds only system messages; add a user message");
        }
        if (messages.get(0).role() != Role.USER) {
            throw GatewayException.invalid("the conversation must start with a user message");
        }
        return messages;
    }

    private static String systemText(String field, List<Part> parts) {
        if (parts.stream().anyMatch(Part::isImage)) {
            throw GatewayException.invalid(field + ": a system message can hold text only");
        }
        return new Message(Role.USER, parts).text();
    }

    private static List<Part> parts(String field, JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            throw GatewayException.invalid(field + " is required");
        }
        if (content.isString()) {
            if (content.stringValue().isBlank()) {
                throw GatewayException.invalid(field + " is empty");
            }
            return List.of(Part.text(content.stringValue()));
        }
        if (!content.isArray()) {
            throw GatewayException.invalid(field + " must be a string or a list of parts");
        }
        if (content.isEmpty()) {
            throw GatewayException.invalid(field + " is an empty list");
        }
        List<Part> parts = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(field + "[" + i + "]", content.get(i)));
        }
        return parts;
    }

    private static Part part(String field, JsonNode node) {
        if (!node.isObject()) {
            throw GatewayException.invalid(field + " must be an object with a type");
        }
        String type = stringField(field, node, "type");
        return switch (type) {
            case "text" -> {
                onlyFields(field, node, Set.of("type", "text"));
                String text = stringField(field, node, "text");
                if (text.isBlank()) {
                    throw GatewayException.invalid(field + ".text is empty");
                }
                yield Part.text(text);
            }
            case "image" -> {
                onlyFields(field, node, Set.of("type", "media_type", "data"));
                String mediaType = stringField(field, node, "media_type");
                if (!IMAGE_MEDIA_TYPES.contains(mediaType)) {
                    throw GatewayException.invalid(field + ".media_type '" + mediaType + "' is not one of: "
                            + String.join(", ", IMAGE_MEDIA_TYPES.stream().sorted().toList()));
                }
                yield Part.image(mediaType, base64(field + ".data", stringField(field, node, "data")));
            }
            default -> throw GatewayException.invalid(field + ".type '" + type + "' is not one of: text, image");
        };
    }

    private static byte[] base64(String field, String data) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(data);
            if (bytes.length == 0) {
                throw GatewayException.invalid(field + " is empty");
            }
            if (!isBase64(data)) {
                throw new IllegalArgumentException("illegal character");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid(field + " is not valid base64 (" + e.getMessage() + ")");
        }
    }

    /** The MIME decoder skips stray characters; a caller's typo must not silently become another image. */
    private static boolean isBase64(String data) {
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String stringField(String field, JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw GatewayException.invalid(field + "." + name + " is required");
        }
        if (!value.isString()) {
            throw GatewayException.invalid(field + "." + name + " must be a string");
        }
        return value.stringValue();
    }

    private static void onlyFields(String field, JsonNode node, Set<String> allowed) {
        for (String name : node.propertyNames()) {
            if (!allowed.contains(name)) {
                throw GatewayException.invalid(field + " has an unknown field '" + name + "'");
            }
        }
    }

    private static Parameters parameters(WireParameters wire) {
        if (wire == null) {
            return Parameters.DEFAULTS;
        }
        if (wire.maxTokens() != null && wire.maxTokens() <= 0) {
            throw GatewayException.invalid("parameters.max_tokens must be greater than 0, got " + wire.maxTokens());
        }
        unitInterval("parameters.temperature", wire.temperature());
        unitInterval("parameters.top_p", wire.topP());
        if (wire.topK() != null && wire.topK() < 0) {
            throw GatewayException.invalid("parameters.top_k must be 0 or more, got " + wire.topK());
        }
        return new Parameters(wire.maxTokens(), wire.temperature(), wire.topP(), wire.topK(), stop(wire.stop()));
    }

    private static void unitInterval(String field, Double value) {
        if (value != null && !(value >= 0 && value <= 1)) {
            throw GatewayException.invalid(field + " must be between 0 and 1, got " + value);
        }
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        List<String> sequences = new ArrayList<>();
        if (stop.isString()) {
            sequences.add(stop.stringValue());
        } else if (stop.isArray()) {
            for (JsonNode item : stop) {
                if (!item.isString()) {
                    throw GatewayException.invalid("parameters.stop must be a string or a list of strings");
                }
                sequences.add(item.stringValue());
            }
        } else {
            throw GatewayException.invalid("parameters.stop must be a string or a list of strings");
        }
        if (sequences.stream().anyMatch(String::isEmpty)) {
            throw GatewayException.invalid("parameters.stop holds an empty string");
        }
        if (sequences.size() > MAX_STOP_SEQUENCES) {
            throw GatewayException.invalid("parameters.stop holds " + sequences.size() + " sequences; at most "
                    + MAX_STOP_SEQUENCES + " are allowed");
        }
        return sequences;
    }

    private static ImageOptions image(WireImage wire) {
        if (wire == null) {
            return ImageOptions.DEFAULTS;
        }
        positive("image.width", wire.width());
        positive("image.height", wire.height());
        positive("image.count", wire.count());
        positive("image.steps", wire.steps());
        if (wire.cfgScale() != null && wire.cfgScale() < 0) {
            throw GatewayException.invalid("image.cfg_scale must be 0 or more, got " + wire.cfgScale());
        }
        if (wire.seed() != null && wire.seed() < 0) {
            throw GatewayException.invalid("image.seed must be 0 or more, got " + wire.seed());
        }
        return new ImageOptions(wire.width(), wire.height(), wire.count(), wire.steps(), wire.cfgScale(), wire.seed(),
                wire.negativePrompt(), wire.stylePreset());
    }

    private static void positive(String field, Integer value) {
        if (value != null && value <= 0) {
            throw GatewayException.invalid(field + " must be greater than 0, got " + value);
        }
    }
}
