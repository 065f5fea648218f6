package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.AccessLog;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.pipeline.ServedRequest;
import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.dispatch.DispatchFailure;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The one place a failure becomes an HTTP answer: the same status, headers and detail for every API, rendered as
 * {@code application/problem+json} on the native API and in OpenAI's or Anthropic's error shape on their paths. Never a stack
 * trace.
 */
@Component
@Order(-2) // before Spring Boot's own error handler, which would answer with its own shape
public class ApiErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    /** SQLState class of connection exceptions (SQL standard; PostgreSQL's 08001, 08006, ...). */
    private static final String CONNECTION_EXCEPTION = "08";

    private final long maxBodyBytes;
    private final AccessLog accessLog;
    private final FailureLog failureLog;

    public ApiErrorHandler(GatewayProperties properties, AccessLog accessLog, FailureLog failureLog) {
        this.maxBodyBytes = properties.limits().maxBodySize().toBytes();
        this.accessLog = accessLog;
        this.failureLog = failureLog;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        GatewayException failure = toGatewayException(error);
        RequestContext context = RequestContext.of(exchange);
        logFailure(exchange, context, failure);
        ErrorDialect dialect = ErrorDialect.of(exchange);
        if (!accessLog.written(exchange)) {
            // Refused before the pipeline saw it (an oversized body, an unknown path): still one access-log line.
            String api = switch (dialect) {
                case OPENAI -> OpenAiController.API;
                case ANTHROPIC -> AnthropicMessagesController.API;
                case PROBLEM -> GenerateController.API;
            };
            accessLog.failed(exchange, api, failure, null, System.nanoTime() - context.startNanos(), 0);
        }
        ErrorRenderer renderer = switch (dialect) {
            case OPENAI -> new OpenAiErrors(exchange.getAttribute(OpenAiErrors.MAX_TOKENS_FIELD));
            case ANTHROPIC, PROBLEM -> dialect.renderer();
        };
        Object body = renderer.body(failure, context.requestId());
        response.setStatusCode(HttpStatusCode.valueOf(renderer.status(failure)));
        HttpHeaders headers = response.getHeaders();
        if (error instanceof ResponseStatusException status) {
            headers.addAll(status.getHeaders()); // Allow on a 405, Accept on a 415
        }
        headers.setContentType(renderer.contentType());
        dialect.requestIdHeaders().forEach(name -> headers.set(name, context.requestId()));
        if (failure.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(failure.retryAfter())));
        }
        if (failure instanceof DispatchFailure dispatchFailure) {
            headers.set(ServedRequest.ROUTE_HEADER, dispatchFailure.route());
        }
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(ApiJson.write(body))));
    }

    /**
     * Whole seconds, rounded up and at least one: a caller that waits the header's value must not come back before
     * the time (a circuit that closes in 1.4 s is "2", not "1").
     */
    static long retryAfterSeconds(Duration retryAfter) {
        long seconds = retryAfter.toSeconds();
        return Math.max(1, retryAfter.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1);
    }

    private GatewayException toGatewayException(Throwable error) {
        if (error instanceof GatewayException gateway) {
            return gateway;
        }
        if (causedBy(error, DataBufferLimitException.class)) {
            return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
                    "The request body is over the limit of " + maxBodyBytes + " bytes (gateway.limits.max-body-size)");
        }
        if (error instanceof ResponseStatusException status) {
            return fromStatus(status);
        }
        if (databaseUnreachable(error)) {
            return new GatewayException(ErrorKind.STORE_UNAVAILABLE, "The gateway's database (PostgreSQL: keys, "
                    + "teams, audit and the spend ledger) cannot be reached now; try again shortly", null, error);
        }
        return new GatewayException(ErrorKind.INTERNAL, "The gateway failed unexpectedly; the request id "
                + "identifies the failure in the gateway's log", null, error);
    }

    private static GatewayException fromStatus(ResponseStatusException status) {
        HttpStatus http = HttpStatus.resolve(status.getStatusCode().value());
        String reason = status.getReason() != null ? status.getReason() : http != null ? http.getReasonPhrase() : "";
        ErrorKind kind = switch (status.getStatusCode().value()) {
            case 400 -> ErrorKind.INVALID_REQUEST;
            case 404 -> ErrorKind.NOT_FOUND;
            case 405 -> ErrorKind.METHOD_NOT_ALLOWED;
            case 406 -> ErrorKind.NOT_ACCEPTABLE;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorKind.UNSUPPORTED_MEDIA_TYPE;
            default -> status.getStatusCode().is4xxClientError() ? ErrorKind.INVALID_REQUEST : ErrorKind.INTERNAL;
        };
        String detail = switch (kind) {
            case NOT_FOUND -> "No such endpoint; see the README for the API";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as JSON with the header Content-Type: application/json";
            case METHOD_NOT_ALLOWED -> status instanceof MethodNotAllowedException refused
                    ? "Method " + refused.getHttpMethod() + " is not allowed here; allowed: "
                            + refused.getSupportedMethods().stream().map(HttpMethod::name).sorted()
                                    .collect(Collectors.joining(", "))
                    : reason;
            default -> reason;
        };
        return new GatewayException(kind, detail, null, status);
    }

    /**
     * Whether a failure comes from a database connection that could not be had or was lost (JDBC's connection
     * exceptions, SQLState class 08), however the store or Spring wrapped it: an outage, not a bug.
     */
    static boolean databaseUnreachable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every failed request already has its access-log line, with status and outcome; only the unexpected ones get a
     * line here too, for their stack trace, and rate-limited, so a failure that repeats cannot flood the log.
     */
    private void logFailure(ServerWebExchange exchange, RequestContext context, GatewayException failure) {
        String path = exchange.getRequest().getPath().value();
        if (failure.kind() == ErrorKind.INTERNAL) {
            failureLog.error(ErrorKind.INTERNAL.code(), failure.getCause(), "request {} {} failed unexpectedly",
                    context.requestId(), path);
        } else if (log.isDebugEnabled()) {
            log.debug("request {} {} failed: {} {}", context.requestId(), path, failure.kind().code(),
                    failure.detail());
        }
    }
}
