package dev.bedrockgateway.limits;

import dev.bedrockgateway.access.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the rate limiter to the shared Redis when there is one ({@code gateway.store.redis.url}), else to memory. */
@Configuration(proxyBeanMethods = false)
public class LimitsConfiguration {

    @Bean
    Limiter limiter(ObjectProvider<SharedRedis> redis, LimitSettings settings, MeterRegistry meters) {
        SharedRedis shared = redis.getIfAvailable();
        RateStore store = shared == null ? null : new RedisRateStore(shared, Limiter.WINDOW.toMillis(),
                Limiter.STREAM_LEASE.toMillis());
        return new Limiter(store, settings, Clock.systemUTC(), meters);
    }

    /** Health component {@code limits}. */
    @Bean
    LimitsHealthIndicator limitsHealthIndicator(ObjectProvider<SharedRedis> redis, LimitSettings settings) {
        return new LimitsHealthIndicator(redis.getIfAvailable(), settings.onStoreDown());
    }
}
