package dev.bedrockgateway.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for reading one request on an HTTP/1.1 connection: its head (request line and headers) must arrive within
 * the header time-out counted from its first byte, and its body within the body time-out counted from the end of the
 * head. A deadline, not an inactivity timer: a caller that sends one byte every 50 ms (slowloris) resets any
 * per-read timer forever, but not this. The time between requests is the idle time-out's (Reactor Netty's, set by
 * {@code server.netty.idle-timeout}); the time an answer takes, a stream of minutes included, is not bounded here.
 *
 * <p>A head that has not arrived in time is answered with a plain 408 (no API is known before the request line) and
 * the connection closed; a body that has not, with a 408 in the API's error shape if nothing has been answered yet,
 * else by closing the connection. If a pipelined head is late while an earlier answer is still being written, the
 * connection is closed once that answer is written, never in the middle of it.
 *
 * <p>Two handlers share one instance's state: {@link #rawBytes()} sits before the HTTP codec, to see when the first
 * byte of a head arrives; {@link #requests()} sits after it, to see the decoded head, the end of the body and the
 * answer. A timer is only started when a read ends inside a head or a body, so a request that arrives in one read
 * (nearly all) starts none. One instance per connection.
 */
final class RequestReadDeadlines {

    static final String RAW_HANDLER_NAME = "gateway.requestReadDeadlines.raw";
    static final String HANDLER_NAME = "gateway.requestReadDeadlines";

    private static final Logger log = LoggerFactory.getLogger(RequestReadDeadlines.class);

    private final long headerTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final RawBytes rawBytes = new RawBytes();
    private final Requests requests = new Requests();

    /** Waiting for the head of the next request (true until one is decoded, and again after each body's end). */
    private boolean awaitingHead = true;
    /** When the first byte of the awaited head was read; 0 before. */
    private long headStartNanos;
    /** When the head whose body is being read was decoded; 0 while no body is being read. */
    private long bodyStartNanos;
    private HttpRequest request;
    private boolean answerStarted;
    private boolean answering;
    private boolean closeAfterAnswer;
    private ScheduledFuture<?> timer;

    RequestReadDeadlines(Duration headerTimeout, Duration bodyTimeout) {
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
    }

    ChannelInboundHandlerAdapter rawBytes() {
        return rawBytes;
    }

    ChannelDuplexHandler requests() {
        return requests;
    }

    /** A handler that knows where it sits in the pipeline, for the timer's task to write from. */
    private abstract static class PlacedHandler extends ChannelDuplexHandler {

        /** Where the timer's task writes; null once removed. */
        ChannelHandlerContext context;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            context = ctx;
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            context = null;
        }
    }

    /** Before the codec: marks when a head starts, and after the codec has read the bytes, starts the timer due. */
    private final class RawBytes extends PlacedHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf && awaitingHead && headStartNanos == 0) {
                headStartNanos = System.nanoTime();
            }
            ctx.fireChannelRead(msg); // the codec decodes it now: requests() has seen what it held
            if (timer == null && ctx.channel().isActive()) {
                if (awaitingHead && headStartNanos != 0) {
                    timer = schedule(ctx, headStartNanos + headerTimeoutNanos, this::headLate);
                } else if (bodyStartNanos != 0) {
                    timer = schedule(ctx, bodyStartNanos + bodyTimeoutNanos, () -> requests.bodyLate());
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            leaveIfUpgraded(ctx.pipeline(), event);
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelTimer();
            super.channelInactive(ctx);
        }

        private void headLate() {
            ChannelHandlerContext ctx = context;
            timer = null;
            if (ctx == null || !awaitingHead || !ctx.channel().isActive() || leftHttp1(ctx.pipeline())) {
                return;
            }
            if (answering) {
                closeAfterAnswer = true;
                return;
            }
            log.debug("connection {} closed: request head not received within {} ms", ctx.channel().remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
            // Written below the codec: there is no request for it to answer.
            byte[] body = ("The request head (request line and headers) did not arrive within "
                    + TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos) + " ms\n").getBytes(StandardCharsets.US_ASCII);
            byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain; charset=us-ascii\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(head, body)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** After the codec: the decoded head and the body's end stop the clocks; the answer is watched going out. */
    private final class Requests extends PlacedHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest head) {
                cancelTimer();
                awaitingHead = false;
                headStartNanos = 0;
                bodyStartNanos = System.nanoTime();
                request = head;
                answerStarted = false;
            }
            if (msg instanceof LastHttpContent) {
                cancelTimer();
                awaitingHead = true;
                bodyStartNanos = 0;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                answerStarted = true;
                answering = true;
            }
            if (msg instanceof LastHttpContent && answering) {
                answering = false;
                if (closeAfterAnswer) {
                    log.debug("connection {} closed after its answer: the next request head did not arrive within "
                            + "{} ms", ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(headerTimeoutNanos));
                    ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            ctx.write(msg, promise);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            leaveIfUpgraded(ctx.pipeline(), event);
            super.userEventTriggered(ctx, event);
        }

        private void bodyLate() {
            ChannelHandlerContext ctx = context;
            timer = null;
            if (ctx == null || bodyStartNanos == 0 || !ctx.channel().isActive() || leftHttp1(ctx.pipeline())) {
                return;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(bodyTimeoutNanos);
            log.debug("connection {} closed: request body not received within {} ms", ctx.channel().remoteAddress(),
                    millis);
            bodyStartNanos = 0;
            if (answerStarted || answering) { // answering: an earlier, pipelined request's answer is being written
                ctx.close();
                return;
            }
            new EdgeRefusal(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout", "Request timeout",
                    "The request body did not arrive within " + millis + " ms (gateway.server.body-timeout)")
                    .answer(ctx, request);
        }
    }

    private static ScheduledFuture<?> schedule(ChannelHandlerContext ctx, long dueNanos, Runnable task) {
        return ctx.executor().schedule(task, Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** An h2c upgrade or prior-knowledge preface turned the connection into HTTP/2: these deadlines no longer apply. */
    private void leaveIfUpgraded(ChannelPipeline pipeline, Object event) {
        if (event instanceof HttpServerUpgradeHandler.UpgradeEvent
                || event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent) {
            leave(pipeline);
        }
    }

    private boolean leftHttp1(ChannelPipeline pipeline) {
        if (pipeline.get(HttpServerCodec.class) != null) {
            return false;
        }
        leave(pipeline);
        return true;
    }

    private void leave(ChannelPipeline pipeline) {
        cancelTimer();
        if (pipeline.context(rawBytes) != null) {
            pipeline.remove(rawBytes);
        }
        if (pipeline.context(requests) != null) {
            pipeline.remove(requests);
        }
    }
}
