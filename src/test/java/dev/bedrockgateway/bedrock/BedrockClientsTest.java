package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.GatewayProperties.Protocol;
import dev.bedrockgateway.emulator.BedrockEmulator;
import dev.bedrockgateway.emulator.EmulatorSettings;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/** The clients pinned to event loops, with real SDK clients calling the emulator. */
class BedrockClientsTest {

    private static final String LLAMA = "meta.llama3-8b-instruct-v1:0";
    private static final byte[] PROMPT = "{\"prompt\":\"pinned\",\"max_gen_len\":8}".getBytes();

    static BedrockEmulator emulator;
    static LoopResources loops;
    /** Closing real clients takes the SDK's own event loops about 2 s, so the HTTP/1.1 tests share theirs. */
    static BedrockClients http1;

    @BeforeAll
    static void start() {
        emulator = new BedrockEmulator(EmulatorSettings.defaults()).start();
        loops = LoopResources.create("clients-test", 2, true);
        http1 = clients(loops.onServer(false), Protocol.HTTP1_1);
    }

    @AfterAll
    static void stop() {
        http1.close();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
        emulator.stop();
    }

    @Test
    void aCallStartedOnAServerLoopRunsAndCompletesOnThatLoop() throws Exception {
        callsStayOnTheirLoops(http1, loops.onServer(false));
    }

    @Test
    void aCallOverHttp2StartedOnAServerLoopRunsAndCompletesOnThatLoop() throws Exception {
        try (BedrockClients clients = clients(loops.onServer(false), Protocol.HTTP2)) {
            callsStayOnTheirLoops(clients, loops.onServer(false));
        }
    }

    @Test
    void aCallStartedOnAnEpollLoopRunsAndCompletesOnThatLoop() throws Exception {
        assumeThat(Epoll.isAvailable()).as("epoll, Linux only").isTrue();
        EventLoopGroup epoll = loops.onServer(true);
        try (BedrockClients clients = clients(epoll, Protocol.HTTP1_1)) {
            callsStayOnTheirLoops(clients, epoll);
        }
    }

    private static void callsStayOnTheirLoops(BedrockClients clients, EventLoopGroup group) throws Exception {
        assertThat(clients.pinnedLoops()).isEqualTo(2);
        Set<BedrockRuntimeAsyncClient> seen = new HashSet<>();
        for (EventExecutor loop : group) {
            Thread loopThread = loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            // twice on each loop: a new connection, then a kept-alive one
            for (int call = 0; call < 2; call++) {
                CompletableFuture<Thread> completedOn = new CompletableFuture<>();
                BedrockRuntimeAsyncClient used = loop.submit(() -> {
                    BedrockRuntimeAsyncClient client = clients.current();
                    invoke(client).whenComplete((response, error) -> {
                        if (error != null) {
                            completedOn.completeExceptionally(error);
                        } else {
                            completedOn.complete(Thread.currentThread());
                        }
                    });
                    return client;
                }).get(5, TimeUnit.SECONDS);

                assertThat(completedOn.get(10, TimeUnit.SECONDS)).isSameAs(loopThread);
                assertThat(used).isNotSameAs(clients.shared());
                seen.add(used);
            }
        }
        assertThat(seen).as("one client per loop").hasSize(2);
    }

    @Test
    void aCallFromAnyOtherThreadUsesTheSharedClientAndCompletesOffTheServerLoops() throws Exception {
        Set<Thread> loopThreads = new HashSet<>();
        for (EventExecutor loop : loops.onServer(false)) {
            loopThreads.add(loop.submit(Thread::currentThread).get(5, TimeUnit.SECONDS));
        }

        assertThat(http1.current()).isSameAs(http1.shared());
        Thread completedOn = invoke(http1.current()).thenApply(response -> Thread.currentThread())
                .get(10, TimeUnit.SECONDS);
        assertThat(loopThreads).doesNotContain(completedOn);
    }

    @Test
    void splitsTheConnectionLimitBetweenThePinnedClientsAndGivesItAllToTheSharedOne() {
        List<Integer> shares = new ArrayList<>();
        List<Boolean> onALoop = new ArrayList<>();
        BedrockClients.Factory recording = (loop, share) -> {
            shares.add(share);
            onALoop.add(loop != null);
            return new UnusedClient();
        };
        try (BedrockClients clients = new BedrockClients(loops.onServer(false), recording)) {
            assertThat(shares).containsExactly(2, 2, 1);
            assertThat(onALoop).containsExactly(true, true, false);
        }
    }

    @Test
    void leavesLoopsOfAnotherKindToTheSharedClient() throws Exception {
        EventLoopGroup plain = new DefaultEventLoopGroup(1);
        try (BedrockClients clients = new BedrockClients(plain, (loop, shares) -> new UnusedClient())) {
            assertThat(clients.pinnedLoops()).isZero();
            assertThat(plain.next().submit(clients::current).get(5, TimeUnit.SECONDS)).isSameAs(clients.shared());
        } finally {
            plain.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static CompletableFuture<InvokeModelResponse> invoke(BedrockRuntimeAsyncClient client) {
        return client.invokeModel(request -> request.modelId(LLAMA).body(SdkBytes.fromByteArray(PROMPT)));
    }

    private static BedrockClients clients(EventLoopGroup group, Protocol protocol) {
        return new BedrockClients(group, (SdkEventLoopGroup loop, int shares) -> BedrockClientConfiguration.client(
                settings(protocol), emulator.endpoint(), Region.US_EAST_1,
                BedrockClientConfiguration.EMULATOR_CREDENTIALS, loop, shares));
    }

    private static GatewayProperties.Bedrock settings(Protocol protocol) {
        return new GatewayProperties.Bedrock(null, null, protocol, Duration.ofSeconds(30), 8, 1);
    }

    /** A client that is built and closed but never called. */
    private static final class UnusedClient implements BedrockRuntimeAsyncClient {
        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    }
}
