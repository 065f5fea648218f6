package dev.bedrockgateway.core;

import java.util.List;
import java.util.stream.Collectors;

/** One conversation turn: who spoke and what they said, as text, image and tool parts. */
public record Message(Role role, List<Part> parts) {

    public Message {
        parts = List.copyOf(parts);
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(Part.text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(Part.text(text)));
    }

    /** The message's text parts joined with blank lines between them; images and tool parts are left out. */
    public String text() {
        return parts.stream().filter(Part::isText).map(Part::text).collect(Collectors.joining("\n\n"));
    }

    public boolean hasImages() {
        return parts.stream().anyMatch(Part::isImage);
    }

    public boolean hasToolParts() {
        return parts.stream().anyMatch(Part::isTool);
    }
}
