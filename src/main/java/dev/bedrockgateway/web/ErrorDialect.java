package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.RequestContext;
import java.util.List;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * The shape errors are written in: the gateway's own {@code application/problem+json}, or OpenAI's
 * {@code {"error":{...}}} or Anthropic's for clients of their SDKs. The handler that took the request decides, through
 * {@link RendersErrorsAs}; only a request no handler took (an unknown path, a refusal at the connection's edge)
 * falls back to the path it named.
 */
public enum ErrorDialect {
    PROBLEM,
    OPENAI,
    /** Anthropic's {@code {"type":"error","error":{...}}}, for clients of its SDKs and Claude Code. */
    ANTHROPIC;

    /** This dialect's renderer, for an answer that names no request field in the caller's terms. */
    ErrorRenderer renderer() {
        return switch (this) {
            case PROBLEM -> new ProblemRenderer();
            case OPENAI -> new OpenAiErrors();
            case ANTHROPIC -> new AnthropicErrors();
        };
    }

    /**
     * Anthropic's SDKs read a request's id only from {@code request-id}, which every Anthropic answer carries
     * (https://platform.claude.com/docs/en/api/errors, "Request id").
     */
    private static final String ANTHROPIC_REQUEST_ID_HEADER = "request-id";

    private static final List<String> GATEWAY_REQUEST_ID = List.of(RequestContext.REQUEST_ID_HEADER);
    private static final List<String> ANTHROPIC_REQUEST_ID = List.of(RequestContext.REQUEST_ID_HEADER,
            ANTHROPIC_REQUEST_ID_HEADER);

    /** The headers an answer carries its request id in: the gateway's own, and the one this API's clients read. */
    List<String> requestIdHeaders() {
        return this == ANTHROPIC ? ANTHROPIC_REQUEST_ID : GATEWAY_REQUEST_ID;
    }

    private static final String V1 = "/v1/";

    /** Paths under /v1 that belong to the native API or to Anthropic's Messages API. */
    private static final List<String> NOT_OPENAI = List.of("/v1/generate", "/v1/embed",
            "/v1/routes", "/v1/models", "/v1/messages");

    /** The dialect of the handler that took this exchange, else of its path. */
    static ErrorDialect of(ServerWebExchange exchange) {
        Object handler = exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE);
        if (handler instanceof HandlerMethod method) {
            return of(method);
        }
        return ofPath(exchange.getRequest().getPath().value());
    }

    /** The dialect a handler method declares, on itself or on its class; the native one if neither does. */
    static ErrorDialect of(HandlerMethod method) {
        RendersErrorsAs declared = method.getMethodAnnotation(RendersErrorsAs.class);
        if (declared == null) {
            declared = method.getBeanType().getAnnotation(RendersErrorsAs.class);
        }
        return declared == null ? PROBLEM : declared.value();
    }

    /**
     * For requests no handler took: every path under {@code /v1/messages} answers in Anthropic's shape; the OpenAI
     * paths keep OpenAI's shape even when refused before routing, and so does any other path under {@code /v1/} that
     * is not the native API's: an OpenAI client calling an endpoint the gateway lacks ({@code /v1/files}) reads its
     * 404 from {@code error}.
     */
    static ErrorDialect ofPath(String path) {
        if (path == null) {
            return PROBLEM;
        }
        if (AnthropicMessagesController.serves(path)) {
            return ANTHROPIC;
        }
        if (OpenAiController.serves(path)) {
            return OPENAI;
        }
        return path.startsWith(V1) && NOT_OPENAI.stream().noneMatch(prefix -> under(path, prefix)) ? OPENAI : PROBLEM;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

}
