package dev.bedrockgateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.RunningGateway;
import io.lettuce.core.ScriptOutputType;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The connections the server's event loops run ({@link LoopConnection}): a command sent on a loop is written and
 * answered on that loop, with no other thread in between, and a command sent after an answer (the whole script after
 * Redis said it did not know its digest) is flushed too, although the loop's connection writes only when told. Uses
 * the local Redis on 127.0.0.1:6379 when one answers there; else each test is skipped, saying why.
 */
class LoopConnectionTest {

    /** One loop, of the transport Lettuce takes here (epoll on Linux, else NIO), as the server's are. */
    private static EventLoopGroup loops;

    @BeforeAll
    static void startLoop() {
        loops = new MultiThreadIoEventLoopGroup(1, Epoll.isAvailable() ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void localRedis() {
        RunningGateway.assumeListening(6379, "Redis");
    }

    @Test
    void aCommandSentOnALoopIsAnsweredOnThatLoop() throws Exception {
        try (SharedRedis redis = open()) {
            assertThat(redis.pinnedLoops()).isEqualTo(1);
            EventLoop loop = (EventLoop) loops.next();

            assertThat(onLoop(loop, redis.ping())).isEqualTo("PONG on the loop");
            assertThat(onLoop(loop, redis.ping())).as("once connected").isEqualTo("PONG on the loop");
        }
    }

    @Test
    void aScriptRedisDoesNotKnowIsSentWholeAfterItsDigestAndFlushed() throws Exception {
        // A script no one sent before: Redis answers its EVALSHA with NOSCRIPT, and the EVAL that follows is sent
        // from that answer; unflushed, it would wait for its time-out and fail.
        SharedRedis.Script unknown = SharedRedis.Script.of("-- " + System.nanoTime() + "\nreturn 7");
        try (SharedRedis redis = open()) {
            EventLoop loop = (EventLoop) loops.next();

            Mono<Long> seven = redis.<Long>run(unknown, ScriptOutputType.INTEGER, new String[0]).next();

            assertThat(onLoop(loop, seven)).isEqualTo("7 on the loop");
        }
    }

    private static SharedRedis open() {
        return SharedRedis.open(new StoreSettings.Redis("redis://127.0.0.1:6379/0", Duration.ofSeconds(1),
                "test-" + Long.toHexString(System.nanoTime()) + ":"), loops);
    }

    /** Subscribes on the loop; the answer, and whether it came on the loop. */
    private static String onLoop(EventLoop loop, Mono<?> command) throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        loop.execute(() -> command.subscribe(
                value -> answer.complete(value + (loop.inEventLoop() ? " on the loop" : " on " + Thread.currentThread())),
                answer::completeExceptionally));
        return answer.get(5, TimeUnit.SECONDS);
    }
}
