package dev.bedrockgateway.core;

/**
 * Whether and which tool the model must call.
 *
 * @param mode what the caller asked for
 * @param name the function the model must call, for {@link Mode#TOOL} only
 */
public record ToolChoice(Mode mode, String name) {

    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    public static final ToolChoice ANY = new ToolChoice(Mode.ANY, null);

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }

    /** The four choices OpenAI and Bedrock both know (Bedrock has no "none": the gateway sends no tools instead). */
    public enum Mode {
        /** The model decides between text and tool calls. */
        AUTO,
        /** The model may not call a tool. */
        NONE,
        /** The model must call at least one tool (OpenAI's "required"). */
        ANY,
        /** The model must call the named tool. */
        TOOL
    }
}
