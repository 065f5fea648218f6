package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.Usage;
import java.util.function.Supplier;

/** One thing that became of a request, as {@link RequestPolicy#observe} sees it. */
public sealed interface RequestEvent {

    /** A generation was answered whole. */
    record Answered(ServedRequest served) implements RequestEvent {
    }

    /** A request's input tokens were counted (nothing was generated). */
    record Counted(ServedCount served) implements RequestEvent {
    }

    /** An embedding request was answered. */
    record Embedded(ServedEmbeddings served) implements RequestEvent {
    }

    /**
     * The request got no answer: refused, failed upstream, or its caller left before it was answered.
     *
     * @param lastTried     the last model tried, or null when none was (a bad body, an unknown route)
     * @param upstreamNanos time spent waiting on Bedrock over every try
     * @param totalNanos    the whole request until the failure
     * @param prompt        the request's prompt text, or null when its body was never read
     */
    record Failed(GatewayException failure, ModelSpec lastTried, long upstreamNanos, long totalNanos,
                  Supplier<String> prompt) implements RequestEvent {
    }

    /** A stream's first event is in: the caller is about to get its answer's head. */
    record StreamStarted(ServedStream stream, long firstTokenNanos) implements RequestEvent {
    }

    /** A stream reached its end event, with the tokens the whole call used. */
    record StreamEnded(ServedStream stream, Usage usage) implements RequestEvent {
    }

    /** A stream failed after its first event. */
    record StreamFailed(ServedStream stream, Throwable error, long totalNanos) implements RequestEvent {
    }

    /**
     * A stream closed; the last event of a streamed request.
     *
     * @param outcome  ok (at its end event), failed (after an error) or cancelled (the caller left)
     * @param usage    the end event's usage, or null when the stream did not reach it
     * @param streamed what the stream used as far as the gateway saw: the prompt and the text that passed, each
     *                 estimated at {@link dev.bedrockgateway.routing.TokenEstimate}'s four characters per token
     */
    record StreamClosed(ServedStream stream, String outcome, Usage usage, Usage streamed, long totalNanos)
            implements RequestEvent {

        /**
         * The usage the stream is charged and counted for: its end event's, or, cancelled or failed before it, what
         * was streamed (the end event that carries Bedrock's own counts never came).
         */
        public Usage used() {
            return usage != null ? usage : streamed;
        }
    }
}
