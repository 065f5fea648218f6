package dev.bedrockgateway.web;

import dev.bedrockgateway.config.GatewayProperties;
import dev.bedrockgateway.config.InvalidConfigurationException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The HTTP/1.1 connection edge: each connection gets {@link RequestFraming}, {@link RequestReadDeadlines} and
 * {@link RefusedBodyDrain} around its HTTP/1.1 codec. A connection without that codec (HTTP/2 by ALPN) gets none,
 * and one that turns to HTTP/2 by h2c sheds the deadlines (the others only act on HTTP/1.1 messages). The idle
 * time-out between requests is Reactor Netty's own, set by {@code server.netty.idle-timeout} and checked here.
 */
@Configuration(proxyBeanMethods = false)
public class ConnectionEdge {

    static final String IDLE_TIMEOUT_KEY = "server.netty.idle-timeout";

    @Bean
    NettyServerCustomizer guardHttp1Connections(ConnectionSettings settings, GatewayProperties properties,
                                                Environment environment) {
        checkIdleTimeout(environment);
        long mostRefusedBodyBytes = saturatedSum(properties.limits().maxBodySize().toBytes(),
                settings.refusedBodyDrain().toBytes());
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) ->
                guard(channel, settings, mostRefusedBodyBytes));
    }

    private static void guard(Channel channel, ConnectionSettings settings, long mostRefusedBodyBytes) {
        ChannelPipeline pipeline = channel.pipeline();
        // Found by type, not by name: with h2c on, the codec is added under a name of Netty's choosing.
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec == null) {
            return;
        }
        RequestReadDeadlines deadlines = new RequestReadDeadlines(settings.headerTimeout(), settings.bodyTimeout());
        pipeline.addBefore(codec.name(), RequestReadDeadlines.RAW_HANDLER_NAME, deadlines.rawBytes());
        // Added in reverse: each goes right after the codec, so the deadlines see every decoded request first.
        pipeline.addAfter(codec.name(), RefusedBodyDrain.HANDLER_NAME, new RefusedBodyDrain(mostRefusedBodyBytes));
        pipeline.addAfter(codec.name(), RequestFraming.HANDLER_NAME, new RequestFraming());
        pipeline.addAfter(codec.name(), RequestReadDeadlines.HANDLER_NAME, deadlines.requests());
    }

    /** Reactor Netty takes zero or less as "no idle time-out": refused, like the gateway's own time-outs. */
    private static void checkIdleTimeout(Environment environment) {
        Binder.get(environment).bind(IDLE_TIMEOUT_KEY, Duration.class).ifBound(idle -> {
            if (idle.isZero() || idle.isNegative()) {
                throw new InvalidConfigurationException(IDLE_TIMEOUT_KEY, idle, "must be greater than 0");
            }
        });
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
