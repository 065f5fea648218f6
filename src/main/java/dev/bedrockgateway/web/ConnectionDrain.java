package dev.bedrockgateway.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Netty side of draining before a shutdown: once {@link #begin()} is called, every HTTP/1.1 answer carries
 * {@code Connection: close} and its connection is closed once the answer is written, and every HTTP/2 connection is
 * sent a GOAWAY, so that keep-alive callers open their next connection elsewhere (to another replica) while this one
 * still answers everything it has been sent.
 *
 * <p>An idle keep-alive connection is left open rather than closed: closing it could cross a request the caller is
 * sending at that moment, which the caller would see as a reset (what rolling restarts showed before, issue 15); its
 * next request gets an answer that closes it, and Spring's graceful shutdown closes the ones still idle at its end.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionDrain {

    static final String HANDLER_NAME = "gateway.connectionDrain";

    /**
     * GOAWAY names the last stream the server will process; "every stream the caller may still open" (2^31-1, RFC 9113
     * section 6.8) lets the streams already on their way be answered, while the caller opens no new ones. Netty adds
     * this many stream ids (times two) to the last one it has seen, capped at 2^31-1.
     */
    private static final int STREAMS_STILL_ON_THEIR_WAY = Integer.MAX_VALUE;

    private final ChannelGroup connections =
            new DefaultChannelGroup("gateway-connections", GlobalEventExecutor.INSTANCE);
    private final CloseAfterAnswer handler = new CloseAfterAnswer();
    private volatile long startedAtNanos;
    private volatile boolean draining;

    @Bean
    NettyServerCustomizer closeConnectionsWhileDraining() {
        return server -> server
                .doOnChannelInit((observer, channel, remoteAddress) -> {
                    connections.add(channel);
                    addTo(channel);
                })
                .doOnConnection(connection -> {
                    Channel channel = connection.channel();
                    // A connection over TLS only gets its HTTP/1.1 codec once ALPN has chosen the protocol, after
                    // the channel's init; a stream of an HTTP/2 connection has none.
                    addTo(channel);
                    if (draining && channel.parent() != null) {
                        // a stream of an HTTP/2 connection opened during the drain (over TLS, for one): its connection
                        // gets the GOAWAY too (again is harmless: Netty sends the same last stream id once)
                        goAwayIfHttp2(channel.parent());
                    }
                });
    }

    /** From now on, answers close their connections and HTTP/2 connections are told to go away. */
    public void begin() {
        startedAtNanos = System.nanoTime();
        draining = true;
        connections.forEach(ConnectionDrain::goAwayIfHttp2);
    }

    /** Back to serving as usual: answers keep their connections open again. */
    public void end() {
        draining = false;
        startedAtNanos = 0;
    }

    /** Whether {@link #begin()} has been called (and not {@link #end()} since). */
    public boolean draining() {
        return draining;
    }

    /** {@link System#nanoTime()} when the drain began; 0 before. */
    public long startedAtNanos() {
        return startedAtNanos;
    }

    /** After the connection's HTTP/1.1 codec, if it has one (see {@link KeepAliveReadResumer} for why by type). */
    private void addTo(Channel channel) {
        ChannelHandlerContext codec = channel.pipeline().context(HttpServerCodec.class);
        if (codec != null && channel.pipeline().get(HANDLER_NAME) == null) {
            channel.pipeline().addAfter(codec.name(), HANDLER_NAME, handler);
        }
    }

    private static void goAwayIfHttp2(Channel channel) {
        if (channel.pipeline().get(Http2FrameCodec.class) != null) {
            channel.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)
                    .setExtraStreamIds(STREAMS_STILL_ON_THEIR_WAY));
        }
    }

    /**
     * On an HTTP/1.1 connection while draining: {@code Connection: close} on the answer, and the connection closed once
     * its last part is written. On a connection that turns to HTTP/2 (h2c prior knowledge or upgrade) it stays in the
     * connection's pipeline and sends the GOAWAY once the connection has turned to HTTP/2.
     */
    @ChannelHandler.Sharable
    final class CloseAfterAnswer extends ChannelDuplexHandler {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!draining || msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // a 100 Continue, or the 101 of an h2c upgrade (whole, so also a LastHttpContent): not an answer
                ctx.write(msg, promise);
                return;
            }
            if (msg instanceof HttpResponse response) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            if (msg instanceof LastHttpContent) {
                ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
            } else {
                ctx.write(msg, promise);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (draining && (event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent
                    || event instanceof HttpServerUpgradeHandler.UpgradeEvent)) {
                Channel channel = ctx.channel();
                // after the codec has finished setting up the connection (an upgrade creates its first stream next)
                channel.eventLoop().execute(() -> goAwayIfHttp2(channel));
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
