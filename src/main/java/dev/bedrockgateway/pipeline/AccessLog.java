package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.dispatch.Attempt;
import dev.bedrockgateway.dispatch.TokenCount;
import dev.bedrockgateway.dispatch.DispatchFailure;
import dev.bedrockgateway.resilience.Outcome;
import dev.bedrockgateway.telemetry.AccessLogSettings;
import dev.bedrockgateway.telemetry.CurrentTrace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes one JSON line per generation request to the logger {@value #LOGGER}, whether it was answered or failed.
 * Prompts and answers stay out unless {@code gateway.logging.include-content} is on. The last post-step of the
 * request policies: it observes what became of each request.
 */
@Component
public class AccessLog implements RequestPolicy {

    public static final String LOGGER = "bedrock.gateway.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    private static final double NANOS_PER_MS = 1_000_000.0;

    private final boolean includeContent;

    public AccessLog(AccessLogSettings settings) {
        this.includeContent = settings.includeContent();
    }

    @Override
    public void observe(PolicyCall<?> call, RequestEvent event) {
        ServerWebExchange exchange = call.exchange();
        if (event instanceof RequestEvent.Answered answered) {
            served(exchange, call.api(), answered.served());
        } else if (event instanceof RequestEvent.Embedded embedded) {
            embedded(exchange, call.api(), embedded.served());
        } else if (event instanceof RequestEvent.Counted counted) {
            counted(exchange, call.api(), counted.served());
        } else if (event instanceof RequestEvent.StreamClosed closed) {
            streamed(exchange, call.api(), closed.stream(), closed.outcome(), closed.totalNanos(), closed.usage());
        } else if (event instanceof RequestEvent.Failed failed) {
            failed(exchange, call.api(), failed.failure(), failed.prompt(), failed.totalNanos(),
                    failed.upstreamNanos());
        }
    }

    void served(ServerWebExchange exchange, String api, ServedRequest served) {
        var result = served.dispatch().result();
        answered(exchange, api, served.requestId(), served.dispatch().decision().route(), served.dispatch().model().alias(),
                served.dispatch().attempts(), served.totalNanos(), served.overheadNanos(), result.usage(),
                served.cost(), includeContent ? prompt(served.request()) : null, includeContent ? result.text() : null);
    }

    /** An embedding request that was answered; with content on, the inputs are its prompt and there is no answer text. */
    void embedded(ServerWebExchange exchange, String api, ServedEmbeddings served) {
        answered(exchange, api, served.requestId(), served.dispatch().decision().route(), served.dispatch().model().alias(),
                served.dispatch().attempts(), served.totalNanos(), served.overheadNanos(),
                served.dispatch().result().usage(), served.cost(),
                includeContent ? prompt(served.request()) : null, null);
    }

    /** A token count: the tokens the request would read, nothing generated and nothing charged. */
    void counted(ServerWebExchange exchange, String api, ServedCount served) {
        TokenCount count = served.count();
        answered(exchange, api, served.requestId(), count.decision().route(), count.model().alias(), count.attempts(),
                served.totalNanos(), served.overheadNanos(), new dev.bedrockgateway.core.Usage(count.inputTokens(), 0),
                java.math.BigDecimal.ZERO, includeContent ? prompt(served.request()) : null, null);
    }

    private void answered(ServerWebExchange exchange, String api, String requestId, String route, String model,
                          List<Attempt> attempts, long totalNanos, long overheadNanos, dev.bedrockgateway.core.Usage usage,
                          java.math.BigDecimal cost, String prompt, String answer) {
        write(exchange, new AccessLogLine(requestId, CurrentTrace.traceId(exchange.getAttributes()), api, null, null,
                route, model,
                lastDeployment(attempts), attempts.size(), 200, Outcome.OK.wireName(), totalNanos / NANOS_PER_MS, overheadNanos / NANOS_PER_MS,
                usage.inputTokens(), usage.outputTokens(), cost, prompt, answer));
    }

    /**
     * A stream that closed: ok at its end event, failed after an error event, cancelled when the caller left.
     *
     * @param usage the usage of the end event, or null when the stream did not reach it
     */
    void streamed(ServerWebExchange exchange, String api, ServedStream served, String outcome, long totalNanos,
                  dev.bedrockgateway.core.Usage usage) {
        write(exchange, new AccessLogLine(served.requestId(), CurrentTrace.traceId(exchange.getAttributes()), api,
                null, null, served.dispatch().decision().route(), served.dispatch().model().alias(),
                lastDeployment(served.dispatch().attempts()), served.dispatch().attempts().size(), 200, outcome, totalNanos / NANOS_PER_MS, null,
                usage == null ? null : usage.inputTokens(), usage == null ? null : usage.outputTokens(),
                usage == null ? null : served.cost(usage), includeContent ? prompt(served.request()) : null, null));
    }

    /**
     * A request that failed, with what is known of it: the model and route when the dispatcher got that far.
     *
     * @param prompt  the request's prompt text, or null when the body could not be read; only called when content
     *                is logged
     */
    public void failed(ServerWebExchange exchange, String api, GatewayException failure, Supplier<String> prompt,
                long totalNanos, long upstreamNanos) {
        String route = null;
        String model = null;
        String deployment = null;
        int attempts = 0;
        if (failure instanceof DispatchFailure dispatch) {
            route = dispatch.route();
            model = lastTried(dispatch.attempts());
            deployment = lastDeployment(dispatch.attempts());
            attempts = dispatch.attempts().size();
        }
        write(exchange, new AccessLogLine(RequestContext.of(exchange).requestId(),
                CurrentTrace.traceId(exchange.getAttributes()), api, null, null, route, model, deployment, attempts,
                failure.kind().status(),
                failure.kind().code(), totalNanos / NANOS_PER_MS, Math.max(0, totalNanos - upstreamNanos) / NANOS_PER_MS,
                null, null, null, includeContent && prompt != null ? prompt.get() : null, null));
    }

    /** Whether the request's line is written (or its outcome otherwise recorded), so none is written twice. */
    public boolean written(ServerWebExchange exchange) {
        return RequestContext.recorded(exchange);
    }

    /** The alias of the last model actually called, or of the last one considered when every one was skipped. */
    static String lastTried(List<Attempt> attempts) {
        Attempt last = lastAttempt(attempts);
        return last == null ? null : last.model();
    }

    /** The deployment of the last model actually called, as {@link #lastTried} picks it. */
    static String lastDeployment(List<Attempt> attempts) {
        Attempt last = lastAttempt(attempts);
        return last == null ? null : last.deployment();
    }

    private static Attempt lastAttempt(List<Attempt> attempts) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            if (attempts.get(i).outcome() != Outcome.SKIPPED) {
                return attempts.get(i);
            }
        }
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }

    /** Writes the line, naming the caller's key (its id, never the secret) and team when identity found them. */
    private void write(ServerWebExchange exchange, AccessLogLine line) {
        RequestContext.markRecorded(exchange);
        if (log.isInfoEnabled()) {
            AccessKey caller = IdentityPolicy.caller(exchange);
            AccessLogLine written = caller == null ? line : line.by(caller.id(), caller.team());
            log.info(new String(ApiJson.write(written), StandardCharsets.UTF_8));
        }
    }

    static String prompt(GenerationRequest request) {
        String turns = request.messages().stream().map(Message::text).collect(Collectors.joining("\n\n"));
        return request.system() == null ? turns : request.system() + "\n\n" + turns;
    }

    /** An embedding request's inputs, as the prompt of the access log. */
    static String prompt(EmbeddingRequest request) {
        return String.join("\n\n", request.inputs());
    }
}
