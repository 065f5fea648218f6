package dev.bedrockgateway.limits;

import dev.bedrockgateway.access.SharedRedis;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Where the rate limits are counted now: in Redis (shared by every replica), or in this replica's memory (no Redis
 * configured, or, in mode open, while Redis cannot be reached: still UP, since requests are served, with the details
 * saying so). In mode closed an unreachable Redis is DOWN: requests are refused with 503 until it answers.
 */
final class LimitsHealthIndicator implements ReactiveHealthIndicator {

    private final SharedRedis redis;
    private final LimitSettings.OnStoreDown onStoreDown;

    /** @param redis the shared Redis, or null when none is configured */
    LimitsHealthIndicator(SharedRedis redis, LimitSettings.OnStoreDown onStoreDown) {
        this.redis = redis;
        this.onStoreDown = onStoreDown;
    }

    @Override
    public Mono<Health> health() {
        if (redis == null) {
            return Mono.just(Health.up().withDetail("store", "memory (this replica only; no Redis configured)")
                    .build());
        }
        return redis.ping()
                .map(pong -> Health.up().withDetail("store", "redis").withDetail("redis", redis.where()).build())
                .onErrorResume(error -> Mono.just(unreachable(error)));
    }

    private Health unreachable(Throwable error) {
        boolean open = onStoreDown == LimitSettings.OnStoreDown.OPEN;
        return (open ? Health.up() : Health.down())
                .withDetail("store", open ? "memory (this replica only) while Redis cannot be reached"
                        : "none: requests are refused with 503 while Redis cannot be reached")
                .withDetail("redis", redis.where())
                .withDetail("on_store_down", onStoreDown.name().toLowerCase(Locale.ROOT))
                .withDetail("error", error.getClass().getSimpleName())
                .build();
    }
}
