package dev.bedrockgateway.access;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Redis every replica shares, for the counters that must hold across replicas (rate limits, spend): Lettuce
 * connections, non-blocking, opened on first use. Exists only when {@code gateway.store.redis.url} is set. Each of the
 * HTTP server's event loops has a connection of its own, run by that loop, for the requests read on it
 * ({@link LoopConnection}); any other thread (health, rebuilds, tests) uses one connection on Lettuce's own threads.
 *
 * <p>A Redis that is down must cost a request little and never fail the gateway's start: the connection is opened
 * lazily, a failed connect is answered at once for {@link #RECONNECT_PAUSE} before it is tried again, a command sent
 * while the connection is down is refused at once (not queued), and every command gives up after the configured
 * time-out. Lettuce reconnects a connection that was lost by itself.
 */
public final class SharedRedis implements AutoCloseable {

    /** How long a failed connect is remembered: a burst of requests costs Redis one connect a second, not one each. */
    static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private final ClientResources resources;
    private final RedisClient client;
    private final String keyPrefix;
    private final String where;
    private final Mono<StatefulRedisConnection<String, String>> connection;
    private final Map<EventExecutor, LoopConnection> pinned;

    private SharedRedis(ClientResources resources, RedisClient client, RedisURI uri, String keyPrefix,
                        Map<EventExecutor, LoopConnection> pinned) {
        this.resources = resources;
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.where = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        this.connection = Mono.defer(() -> Mono.fromCompletionStage(client.connectAsync(StringCodec.UTF8, uri)))
                .cache(open -> Duration.ofMillis(Long.MAX_VALUE), failed -> RECONNECT_PAUSE, () -> Duration.ZERO);
        this.pinned = pinned;
    }

    /** A client for the configured Redis, on Lettuce's own threads only (tests, tools). */
    public static SharedRedis open(StoreSettings.Redis settings) {
        return open(settings, null);
    }

    /**
     * A client for the configured Redis; connects on first use, so a Redis that is down does not stop the start.
     *
     * @param serverLoops the HTTP server's event loops, or null: each loop Lettuce can run (epoll or NIO, as Lettuce's
     *                    own transport) gets a connection of its own for the commands sent on it
     *                    ({@link LoopConnection}); commands sent on any other thread share one connection on Lettuce's
     *                    threads
     */
    public static SharedRedis open(StoreSettings.Redis settings, EventLoopGroup serverLoops) {
        RedisURI uri = RedisURI.create(settings.url());
        uri.setTimeout(settings.timeout());
        ClientOptions options = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .build();
        ClientResources resources = DefaultClientResources.create();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(options);
        Map<EventExecutor, LoopConnection> pinned = new IdentityHashMap<>();
        if (serverLoops != null) {
            for (EventExecutor executor : serverLoops) {
                if (executor instanceof IoEventLoop loop && LoopConnection.canRun(loop)) {
                    pinned.put(loop, new LoopConnection(loop, resources, uri, options));
                }
            }
        }
        return new SharedRedis(resources, client, uri, settings.keyPrefix(), pinned);
    }

    /**
     * Redis's commands, connecting first when needed; an error when Redis is not there. On a server event loop, the
     * loop's own connection: call this again for each command sent later (after an answer), so that it is flushed.
     */
    public Mono<RedisReactiveCommands<String, String>> commands() {
        // chosen when subscribed, on the thread that sends the command, not where the Mono was put together
        return Mono.defer(() -> {
            EventExecutor executor = ThreadExecutorMap.currentExecutor();
            LoopConnection own = executor == null ? null : pinned.get(executor);
            return own != null ? own.commands() : connection.map(StatefulRedisConnection::reactive);
        });
    }

    /** How many server event loops have a connection of their own. */
    public int pinnedLoops() {
        return pinned.size();
    }

    /**
     * Runs a Lua script by its digest (EVALSHA), sending it whole (EVAL) only when Redis answers that it does not know
     * it yet: after a start, a restart of Redis or a SCRIPT FLUSH, once.
     */
    public <T> Flux<T> run(Script script, ScriptOutputType output, String[] keys, String... args) {
        return commands().flatMapMany(commands -> commands.<T>evalsha(script.sha(), output, keys, args))
                .onErrorResume(RedisNoScriptException.class, unknown -> commands()
                        .flatMapMany(commands -> commands.<T>eval(script.text(), output, keys, args)));
    }

    /** Runs a script that answers an array: its elements, whether Lettuce hands them over whole or one by one. */
    @SuppressWarnings("unchecked")
    public Mono<List<Object>> runForArray(Script script, String[] keys, String... args) {
        return this.<Object>run(script, ScriptOutputType.MULTI, keys, args).collectList()
                .map(list -> list.size() == 1 && list.get(0) instanceof List<?> whole ? (List<Object>) whole : list);
    }

    /** A Lua script and its SHA-1 digest, the name Redis knows it by once it has run it. */
    public record Script(String text, String sha) {

        public static Script of(String text) {
            try {
                return new Script(text, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(text.getBytes(StandardCharsets.UTF_8))));
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException("every JVM has SHA-1", impossible);
            }
        }
    }

    /** A key in the gateway's part of Redis: {@code gateway.store.redis.key-prefix} followed by {@code name}. */
    public String key(String name) {
        return keyPrefix + name;
    }

    /** Host, port and database, for logs and health: never the password. */
    public String where() {
        return where;
    }

    /** Redis's answer to PING, or the error that says why there is none. */
    public Mono<String> ping() {
        return commands().flatMap(RedisReactiveCommands::ping);
    }

    @Override
    public void close() {
        pinned.values().forEach(LoopConnection::close);
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
