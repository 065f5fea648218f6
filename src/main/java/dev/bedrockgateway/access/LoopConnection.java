package dev.bedrockgateway.access;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * A connection to Redis run by one of the HTTP server's event loops, for the commands of the requests read on that
 * loop. Its socket is that loop's: a command is written, and its answer read and completed, on the thread that
 * handles the request, so the request goes on without waiting for another thread to wake (a shared connection costs
 * each command two crossings between threads, and each crossing wakes a sleeping thread).
 *
 * <p>Commands are not written one by one: every command sent while the loop runs one task is written with the others
 * of that task, in one write, when the task is over (auto-flush is off; the flush is a task queued on the loop). The
 * commands of a request (its limits and its spend read, or its settlement and its charge) and those of the requests
 * read in the same turn of the loop reach Redis together, which reads and answers them together. Only the loop
 * touches the connection: {@link #commands} must be called on the loop, and a command sent later (after an answer)
 * must ask for the commands again, so that its flush is queued.
 */
final class LoopConnection {

    private final IoEventLoop loop;
    private final Mono<StatefulRedisConnection<String, String>> connection;
    private final AtomicReference<StatefulRedisConnection<String, String>> opened = new AtomicReference<>();
    /** Whether a flush is queued on the loop; read and written on the loop only. */
    private boolean flushQueued;

    LoopConnection(IoEventLoop loop, ClientResources shared, RedisURI uri, ClientOptions options) {
        this.loop = loop;
        RedisClient client = RedisClient.create(shared.mutate().eventLoopGroupProvider(new OneLoop(loop)).build(),
                uri);
        client.setOptions(options);
        this.connection = Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(StringCodec.UTF8, uri)))
                .doOnNext(open -> {
                    open.setAutoFlushCommands(false);
                    opened.set(open);
                })
                // the first caller goes on from the loop too, where its command is queued with its flush
                .flatMap(open -> loop.inEventLoop() ? Mono.just(open)
                        : Mono.<StatefulRedisConnection<String, String>>create(sink -> loop.execute(
                                () -> sink.success(open))))
                .cache(open -> Duration.ofMillis(Long.MAX_VALUE), failed -> SharedRedis.RECONNECT_PAUSE,
                        () -> Duration.ZERO);
    }

    /** Whether a loop can run a connection of Lettuce's: its transport must be the one Lettuce picked (epoll or NIO). */
    static boolean canRun(IoEventLoop loop) {
        Class<?> socket = Transports.socketChannelClass();
        return socket == EpollSocketChannel.class ? loop.isIoType(EpollIoHandler.class)
                : socket == NioSocketChannel.class && loop.isIoType(NioIoHandler.class);
    }

    /** The commands, connecting first when needed; the commands sent from here in this task are flushed after it. */
    Mono<RedisReactiveCommands<String, String>> commands() {
        return connection.map(open -> {
            if (!flushQueued) {
                flushQueued = true;
                loop.execute(() -> {
                    flushQueued = false;
                    open.flushCommands();
                });
            }
            return open.reactive();
        });
    }

    /**
     * Closes the connection, if one was opened. Neither the client nor its resources are shut down: they have no
     * thread or pool of their own (the loop is the server's; the executor and the timer are the shared client's, and
     * shutting down these resources would end them, which left the shared client's shutdown waiting forever).
     */
    void close() {
        StatefulRedisConnection<String, String> open = opened.get();
        if (open != null) {
            try {
                open.closeAsync().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // closing anyway: the server's loops, and with them the socket, are shut down next
            }
        }
    }

    /**
     * Lettuce's event loops, as the one given loop: the client opens its connection on it, and never shuts it down
     * (it is the server's).
     */
    private record OneLoop(IoEventLoop loop) implements EventLoopGroupProvider {

        @Override
        @SuppressWarnings("unchecked") // Lettuce asks for its transport's group class, and uses it as an EventLoopGroup
        public <T extends EventLoopGroup> T allocate(Class<T> type) {
            return (T) loop;
        }

        @Override
        public int threadPoolSize() {
            return 1;
        }

        @Override
        public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }

        @Override
        public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
    }
}
