package dev.bedrockgateway.web;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestContext;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.springframework.http.MediaType;

/**
 * An answer the connection edge writes itself, before or instead of the application, followed by closing the
 * connection: in the API's error shape, chosen by the request's path as {@link ApiErrorHandler} chooses it
 * ({@code application/problem+json} on the native API, OpenAI's or Anthropic's shape on their paths).
 *
 * @param status the HTTP status
 * @param code   the gateway's stable error code
 * @param title  the problem's short title
 * @param detail what was wrong, for the caller
 */
record EdgeRefusal(HttpResponseStatus status, String code, String title, String detail) {

    /** Writes this refusal as the answer to {@code request} and closes the connection once it is written. */
    void answer(ChannelHandlerContext ctx, HttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        String requestId = RequestContext.requestId(request.headers().get(RequestContext.REQUEST_ID_HEADER));
        ErrorDialect dialect = ErrorDialect.ofPath(path);
        Object body = switch (dialect) {
            case OPENAI -> new OpenAiErrors.ErrorAnswer(new OpenAiErrors.ErrorBody(detail, "invalid_request_error",
                    null, code));
            case ANTHROPIC -> dialect.renderer().body(new GatewayException(ErrorKind.INVALID_REQUEST, detail),
                    requestId);
            case PROBLEM -> new Problem(Problem.TYPE_PREFIX + code, title, status.code(), detail, code, requestId,
                    null);
        };
        MediaType type = dialect.renderer().contentType();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(ApiJson.write(body)));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type.toString())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        dialect.requestIdHeaders().forEach(name -> response.headers().set(name, requestId));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
