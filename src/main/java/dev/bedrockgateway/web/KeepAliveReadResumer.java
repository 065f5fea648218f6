package dev.bedrockgateway.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Works around a Reactor Netty 1.3.6 bug that left keep-alive connections unread (reactor/reactor-netty#4361,
 * fixed after the newest version that resolves here, 1.3.8): when a caller sends its next request the moment an
 * answer has arrived, before the server has wound up that answer, Reactor Netty buffers the request; if it is
 * then answered at once (GET /v1/models, a 400, a 404...), nobody asks the socket for more, and the caller's
 * following request waits unread until it gives up. Measured before this fix: one stall in about 25 rounds of
 * "chat call, GET, GET" on one connection ({@code KeepAliveStallTest}).
 *
 * <p>The fix asks the channel for a read after every complete answer has been written, in a task of its own so
 * that Reactor Netty has wound the answer up first. Asking again when a read is already pending changes nothing,
 * and anything read early is buffered by Reactor Netty as a pipelined request, as it would be anyway. Remove this
 * class when the Reactor Netty in use includes the fix.
 */
@Configuration(proxyBeanMethods = false)
public class KeepAliveReadResumer {

    static final String HANDLER_NAME = "gateway.keepAliveReadResumer";

    @Bean
    NettyServerCustomizer resumeReadAfterEveryAnswer() {
        ResumeReadAfterAnswer handler = new ResumeReadAfterAnswer();
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            // By type: with h2c on, Reactor Netty adds the HTTP/1.1 codec without its usual name. On HTTP/2 (after
            // an upgrade or prior knowledge) the codec is gone and the handler sees no LastHttpContent on the
            // connection: the stall is in Reactor Netty's HTTP/1.1 request handling, and HTTP/2 streams have
            // pipelines of their own.
            ChannelHandlerContext codec = channel.pipeline().context(HttpServerCodec.class);
            if (codec != null) {
                channel.pipeline().addAfter(codec.name(), HANDLER_NAME, handler);
            }
        });
    }

    /** After the last part of an answer is written, one more read on the connection. */
    @ChannelHandler.Sharable
    static final class ResumeReadAfterAnswer extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof LastHttpContent) {
                Channel channel = ctx.channel();
                ChannelPromise written = promise.unvoid();
                written.addListener(future -> channel.eventLoop().execute(channel::read));
                ctx.write(msg, written);
            } else {
                ctx.write(msg, promise);
            }
        }
    }
}
