package dev.bedrockgateway.bedrock;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * The Bedrock Runtime clients: one pinned to each event loop of the gateway's HTTP server, and one shared.
 *
 * <p>A request is read on one server event loop. The client pinned to that loop takes its connection from its own
 * pool, writes the call, reads the answer and completes the call on that same thread, so the gateway writes its
 * answer without handing the call to another thread. With one shared client every call crossed threads three times
 * (server loop → the SDK's event loop → the SDK's completion pool → server loop), and each crossing wakes a
 * sleeping thread: on a two-core machine most of the latency the gateway added to a call (bench/, issue 7).
 *
 * <p>Streams, and calls started on any other thread (a time limit's fallback on the timer thread, tests, the
 * training run), use the shared client, on the SDK's own event loops and completion pool as before. Loops of
 * Netty's NIO and epoll transports can be pinned (the two Reactor Netty uses here); a loop of another transport is
 * left to the shared client.
 */
public final class BedrockClients implements AutoCloseable {

    private final BedrockRuntimeAsyncClient shared;
    private final Map<EventExecutor, BedrockRuntimeAsyncClient> pinned;

    /** Builds one client. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param loop   the event-loop group to run on, completing calls on its thread; null for the SDK's own
         *               event loops and completion pool (the shared client)
         * @param shares how many clients share the connection limit: the pinned ones split it, the shared client
         *               (streams hold their connection for their whole length) has it all
         */
        BedrockRuntimeAsyncClient build(SdkEventLoopGroup loop, int shares);
    }

    /**
     * @param loops  the server's event loops (null for none); each NIO or epoll loop gets a client of its own
     * @param client builds each client
     */
    BedrockClients(EventLoopGroup loops, Factory client) {
        List<IoEventLoop> pinnable = new ArrayList<>();
        if (loops != null) {
            for (EventExecutor executor : loops) {
                if (executor instanceof IoEventLoop loop && channelType(loop) != null) {
                    pinnable.add(loop);
                }
            }
        }
        int shares = Math.max(1, pinnable.size());
        Map<EventExecutor, BedrockRuntimeAsyncClient> byLoop = new IdentityHashMap<>();
        try {
            for (IoEventLoop loop : pinnable) {
                byLoop.put(loop, client.build(pinnedTo(loop), shares));
            }
            this.shared = client.build(null, 1);
        } catch (RuntimeException e) {
            byLoop.values().forEach(BedrockRuntimeAsyncClient::close);
            throw e;
        }
        this.pinned = byLoop;
    }

    /** The client for a call started on the current thread: the one pinned to its event loop, or the shared one. */
    public BedrockRuntimeAsyncClient current() {
        // Netty records, for each of its event-loop threads, the loop it runs; null on any other thread
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        BedrockRuntimeAsyncClient client = executor == null ? null : pinned.get(executor);
        return client != null ? client : shared;
    }

    /** The client on the SDK's own threads, for streams; every client has the same endpoint, region and settings. */
    public BedrockRuntimeAsyncClient shared() {
        return shared;
    }

    /** How many event loops have a client of their own. */
    public int pinnedLoops() {
        return pinned.size();
    }

    @Override
    public void close() {
        pinned.values().forEach(BedrockRuntimeAsyncClient::close);
        shared.close();
    }

    /** The socket channel a loop takes, for the transports that can be pinned; null for any other. */
    private static ChannelFactory<? extends Channel> channelType(IoEventLoop loop) {
        if (loop.isIoType(NioIoHandler.class)) {
            return NioSocketChannel::new;
        }
        if (loop.isIoType(EpollIoHandler.class)) {
            return EpollSocketChannel::new;
        }
        return null;
    }

    /** A group of exactly the given loop, of a class the SDK accepts, with the channel type that loop takes. */
    private static SdkEventLoopGroup pinnedTo(IoEventLoop loop) {
        return SdkEventLoopGroup.create(new SingleLoopGroup(loop), channelType(loop));
    }

    /**
     * A group whose one child is an existing loop. The SDK accepts a group it did not build only if it is of one of
     * Netty's group classes (which are final but for the NIO one), and takes its socket channel type from the
     * {@link SdkEventLoopGroup}; the group's class otherwise only picks the channel type of a DNS resolver the
     * gateway does not use. Netty hands the group's executor to {@link #newChild}, which returns the loop instead of
     * starting a thread. The SDK never shuts down a group it was given, so the loop stays the server's.
     */
    @SuppressWarnings("deprecation") // NioEventLoopGroup, deprecated since Netty 4.2 but the class the SDK knows
    private static final class SingleLoopGroup extends NioEventLoopGroup {

        SingleLoopGroup(IoEventLoop loop) {
            super(1, new LoopExecutor(loop));
        }

        @Override
        protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
            return ((LoopExecutor) executor).loop();
        }
    }

    private record LoopExecutor(IoEventLoop loop) implements Executor {
        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }
    }
}
