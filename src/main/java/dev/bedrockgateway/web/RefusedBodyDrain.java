package dev.bedrockgateway.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a 413 answered before its request's body has all arrived: the answer says {@code Connection: close}, the
 * rest of the body is read and dropped up to a bound, and then the connection is closed. Reading on lets a client
 * that writes its whole body before it reads (Python's urllib and requests) read the 413; closing with the body
 * unread would make the kernel reset the connection, and the client would see only the reset. The bound keeps a
 * caller that declares 50 MB from costing the gateway 50 MB of reading: once the body passes the size limit plus
 * {@code gateway.server.refused-body-drain}, the connection is closed at once. Without this, Reactor Netty kept the
 * connection open and read and dropped the whole declared body.
 *
 * <p>One instance per connection, after the HTTP codec.
 */
final class RefusedBodyDrain extends ChannelDuplexHandler {

    static final String HANDLER_NAME = "gateway.refusedBodyDrain";

    private static final Logger log = LoggerFactory.getLogger(RefusedBodyDrain.class);

    private final long mostBodyBytes;
    private boolean readingBody;
    private long bodyBytes;
    private boolean refused;
    private boolean answered;
    private boolean bodyDone;
    private boolean awaitsContinue;

    /** {@code mostBodyBytes}: the most of a refused body read before the connection is closed. */
    RefusedBodyDrain(long mostBodyBytes) {
        this.mostBodyBytes = mostBodyBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            readingBody = true;
            bodyBytes = 0;
            awaitsContinue = HttpUtil.is100ContinueExpected(request);
        }
        if (readingBody && msg instanceof HttpContent content) {
            bodyBytes += content.content().readableBytes();
            if (msg instanceof LastHttpContent) {
                readingBody = false;
            }
        }
        if (!refused) {
            ctx.fireChannelRead(msg);
            return;
        }
        // The body of a refused request: dropped here, and more asked for, until it ends or passes the bound.
        ReferenceCountUtil.release(msg);
        if (!readingBody) {
            bodyDone = true;
            closeWhenDone(ctx);
        } else if (bodyBytes > mostBodyBytes) {
            log.debug("connection {} closed after a 413: the refused body passed {} bytes",
                    ctx.channel().remoteAddress(), mostBodyBytes);
            ctx.close();
        } else {
            ctx.read();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().equals(HttpResponseStatus.CONTINUE)) {
            awaitsContinue = false;
        }
        if (msg instanceof HttpResponse response && readingBody
                && response.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            refused = true;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (refused && msg instanceof LastHttpContent) {
            ctx.write(msg, promise.unvoid()).addListener(written -> {
                answered = true;
                // A caller that asked to be told to go on (Expect: 100-continue) and was not sends no body.
                bodyDone |= awaitsContinue;
                closeWhenDone(ctx);
            });
            ctx.read(); // read on, whether Reactor Netty asks for more or not
            return;
        }
        ctx.write(msg, promise);
    }

    /** Closes once the 413 is written and the refused body has all been read. */
    private void closeWhenDone(ChannelHandlerContext ctx) {
        if (answered && bodyDone && ctx.channel().isActive()) {
            log.debug("connection {} closed after a 413, its body of {} bytes read", ctx.channel().remoteAddress(),
                    bodyBytes);
            ctx.close();
        }
    }
}
