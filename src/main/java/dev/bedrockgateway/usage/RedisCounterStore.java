package dev.bedrockgateway.usage;

import dev.bedrockgateway.access.SharedRedis;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The spend counters in the Redis every replica shares: each read or charge of a request's four counters is one round
 * trip (MGET, or one script, run by its digest, that adds only to counters that exist), so replicas count one
 * spend between them.
 */
final class RedisCounterStore implements CounterStore {

    /** Adds ARGV[1] to each key that exists; -1 for one that does not (a counter is never negative). */
    private static final SharedRedis.Script ADD_IF_PRESENT = SharedRedis.Script.of("""
            local values = {}
            for i, key in ipairs(KEYS) do
              if redis.call('exists', key) == 1 then
                values[i] = redis.call('incrby', key, ARGV[1])
              else
                values[i] = -1
              end
            end
            return values
            """);

    /** Sets KEYS[1] to ARGV[1] for ARGV[2] ms unless it exists; answers its value after. */
    private static final SharedRedis.Script SET_IF_ABSENT = SharedRedis.Script.of("""
            if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return tonumber(ARGV[1])
            end
            return tonumber(redis.call('get', KEYS[1]))
            """);

    private static final long MISSING = -1;

    private final SharedRedis redis;
    private final Clock clock;

    RedisCounterStore(SharedRedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Mono<List<Long>> get(List<String> keys) {
        return redis.commands()
                .flatMap(commands -> commands.mget(keys.toArray(String[]::new)).collectList())
                .map(RedisCounterStore::values);
    }

    @Override
    public Mono<List<Long>> addIfPresent(List<String> keys, long amount) {
        return redis.runForArray(ADD_IF_PRESENT, keys.toArray(String[]::new), Long.toString(amount))
                .map(RedisCounterStore::present);
    }

    @Override
    public Mono<Long> setIfAbsent(String key, long value, Instant expiresAt) {
        long ttlMs = Math.max(1, Duration.between(clock.instant(), expiresAt).toMillis());
        return redis.<Long>run(SET_IF_ABSENT, ScriptOutputType.INTEGER, new String[] {key}, Long.toString(value),
                Long.toString(ttlMs)).next();
    }

    private static List<Long> values(List<KeyValue<String, String>> found) {
        List<Long> values = new ArrayList<>(found.size());
        for (KeyValue<String, String> value : found) {
            values.add(value.hasValue() ? Long.parseLong(value.getValue()) : null);
        }
        return values;
    }

    /** The script's array as counters, null for one that does not exist. */
    private static List<Long> present(List<Object> array) {
        List<Long> values = new ArrayList<>(array.size());
        for (Object value : array) {
            long counted = ((Number) value).longValue();
            values.add(counted == MISSING ? null : counted);
        }
        return values;
    }
}
