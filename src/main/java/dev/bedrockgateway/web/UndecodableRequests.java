package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.ApiJson;
import dev.bedrockgateway.pipeline.RequestContext;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Answers a request that Netty could not decode (a request line or headers over the server's limits, or not HTTP)
 * before Reactor Netty does. Reactor Netty logs each such request as a WARN with every header it had read, one per
 * line: a request with 3,000 small headers wrote about a thousand lines, and any client could repeat it. Here it is
 * one line, rate-limited by {@link FailureLog}, and the caller gets the status Reactor Netty would send (414, 431 or
 * 400) with the API's error body.
 */
@Configuration(proxyBeanMethods = false)
public class UndecodableRequests {

    static final String HANDLER_NAME = "gateway.undecodableRequests";

    /** The failure log's kind for these requests. */
    static final String KIND = "undecodable_request";


    @Bean
    NettyServerCustomizer refuseUndecodableRequests(FailureLog failureLog) {
        RefuseUndecodable handler = new RefuseUndecodable(failureLog);
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            // By type, not by name: with h2c on, Reactor Netty adds the HTTP/1.1 codec under a name of Netty's choosing.
            ChannelHandlerContext codec = channel.pipeline().context(HttpServerCodec.class);
            if (codec != null) {
                channel.pipeline().addAfter(codec.name(), HANDLER_NAME, handler);
            }
        });
    }

    /** Takes a request whose decoding failed out of the pipeline, answers it and closes the connection. */
    @ChannelHandler.Sharable
    static final class RefuseUndecodable extends ChannelInboundHandlerAdapter {

        private final FailureLog failureLog;

        RefuseUndecodable(FailureLog failureLog) {
            this.failureLog = failureLog;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof HttpRequest request) || request.decoderResult().isSuccess()) {
                ctx.fireChannelRead(msg);
                return;
            }
            Throwable cause = request.decoderResult().cause();
            String path = request.uri();
            ReferenceCountUtil.release(msg);
            HttpResponseStatus status = cause instanceof TooLongHttpLineException
                    ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            String requestId = RequestContext.newId("req_");
            failureLog.warn(KIND, "request {} from {} could not be read and was refused with {}: {}", requestId,
                    ctx.channel().remoteAddress(), status.code(), cause.getMessage());
            ctx.writeAndFlush(answer(status, cause, path, requestId)).addListener(ChannelFutureListener.CLOSE);
        }

        private static FullHttpResponse answer(HttpResponseStatus status, Throwable cause, String path,
                                               String requestId) {
            String detail = cause instanceof TooLongHttpLineException
                    ? "The request line is longer than the server accepts; send a shorter URL"
                    : cause instanceof TooLongHttpHeaderException
                    ? "The request headers are larger than the server accepts (server.max-http-request-header-size);"
                    + " send fewer or smaller headers"
                    : "The request is not valid HTTP: " + cause.getMessage();
            // The status is the one above; the body's code says it is the caller's request that is at fault.
            GatewayException failure = new GatewayException(ErrorKind.INVALID_REQUEST, detail);
            ErrorDialect dialect = ErrorDialect.ofPath(path);
            ErrorRenderer renderer = dialect.renderer();
            Object body = renderer.body(failure, requestId);
            if (body instanceof Problem problem) {
                body = new Problem(problem.type(), problem.title(), status.code(), problem.detail(), problem.code(),
                        problem.requestId(), null);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(ApiJson.write(body)));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, renderer.contentType().toString())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            dialect.requestIdHeaders().forEach(name -> response.headers().set(name, requestId));
            return response;
        }
    }
}
