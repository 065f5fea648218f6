package dev.bedrockgateway.limits;

import dev.bedrockgateway.access.SharedRedis;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The counters every replica shares, in Redis: each request's counters are checked and taken by one Lua script, run
 * atomically by Redis in one round trip (EVALSHA; the script is sent whole only when Redis does not know it yet).
 *
 * <p>A one-minute counter is a hash {@code {start, used}} that expires a minute after its first count: a fixed window
 * that starts with the first request counted in it (the INCR-and-EXPIRE pattern), so its reset time is its time to
 * live. A stream counter is a sorted set of the open streams' leases, scored by when each lapses, so a replica that
 * dies with streams open holds them only until their leases lapse. A request's keys all carry its team as a hash tag
 * ({@code {team}}), so they fall into one slot of a Redis Cluster too.
 */
final class RedisRateStore implements RateStore {

    /**
     * KEYS[i]: counter i. ARGV: now (ms), window (ms), lease id, lease end (ms); then three per counter: kind ('w' a
     * one-minute window, 's' open streams), limit, amount. Answers the index of the first counter that would go over
     * (0: none, and then every counter took its amount), then, per counter: used, reset (ms), window start.
     */
    static final String TAKE = """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local refused = 0
            local used, reset, start, fresh = {}, {}, {}, {}
            for i = 1, #KEYS do
              local at = 4 + (i - 1) * 3
              if ARGV[at + 1] == 'w' then
                local state = redis.call('HMGET', KEYS[i], 'start', 'used')
                local ttl = redis.call('PTTL', KEYS[i])
                if state[1] and ttl > 0 then
                  start[i], used[i], reset[i], fresh[i] = state[1], tonumber(state[2]), ttl, false
                else
                  start[i], used[i], reset[i], fresh[i] = ARGV[1], 0, window, true
                end
              else
                redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
                start[i], used[i], reset[i], fresh[i] = '', redis.call('ZCARD', KEYS[i]), 0, false
              end
              if refused == 0 and used[i] + tonumber(ARGV[at + 3]) > tonumber(ARGV[at + 2]) then
                refused = i
              end
            end
            if refused == 0 then
              for i = 1, #KEYS do
                local at = 4 + (i - 1) * 3
                local amount = tonumber(ARGV[at + 3])
                if ARGV[at + 1] == 'w' then
                  if fresh[i] then
                    redis.call('DEL', KEYS[i])
                    redis.call('HSET', KEYS[i], 'start', start[i], 'used', amount)
                    redis.call('PEXPIRE', KEYS[i], window)
                  else
                    redis.call('HINCRBY', KEYS[i], 'used', amount)
                  end
                else
                  redis.call('ZADD', KEYS[i], ARGV[4], ARGV[3])
                  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[4]) - now)
                end
                used[i] = used[i] + amount
              end
            end
            local answer = {refused}
            for i = 1, #KEYS do
              answer[#answer + 1] = used[i]
              answer[#answer + 1] = reset[i]
              answer[#answer + 1] = start[i]
            end
            return answer
            """;

    /**
     * KEYS[i]: counter i of an admitted request. ARGV: token change, lease id; then two per counter: kind ('t' tokens,
     * 's' streams) and the window it was counted in. Tokens change only in that window, and never below zero.
     */
    static final String SETTLE = """
            local change = tonumber(ARGV[1])
            for i = 1, #KEYS do
              local kind, window = ARGV[1 + i * 2], ARGV[2 + i * 2]
              if kind == 't' then
                if change ~= 0 and redis.call('HGET', KEYS[i], 'start') == window then
                  if redis.call('HINCRBY', KEYS[i], 'used', change) < 0 then
                    redis.call('HSET', KEYS[i], 'used', 0)
                  end
                end
              else
                redis.call('ZREM', KEYS[i], ARGV[2])
              end
            end
            return 0
            """;

    private static final SharedRedis.Script TAKE_SCRIPT = SharedRedis.Script.of(TAKE);
    private static final SharedRedis.Script SETTLE_SCRIPT = SharedRedis.Script.of(SETTLE);

    private final SharedRedis redis;
    private final long windowMillis;
    private final long leaseMillis;

    RedisRateStore(SharedRedis redis, long windowMillis, long leaseMillis) {
        this.redis = redis;
        this.windowMillis = windowMillis;
        this.leaseMillis = leaseMillis;
    }

    @Override
    public Mono<Admission> take(String team, List<Count> counts, String lease, long now) {
        String[] keys = new String[counts.size()];
        List<String> args = new ArrayList<>(4 + 3 * counts.size());
        args.addAll(List.of(Long.toString(now), Long.toString(windowMillis), lease, Long.toString(now + leaseMillis)));
        for (int i = 0; i < keys.length; i++) {
            Count count = counts.get(i);
            keys[i] = key(team, count);
            args.addAll(List.of(count.measure().windowed() ? "w" : "s", Long.toString(count.limit()),
                    Long.toString(count.amount())));
        }
        return run(TAKE_SCRIPT, keys, args).map(answer -> admission(team, counts, lease, answer));
    }

    @Override
    public Mono<Void> settle(Admission admission, long tokenChange) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(Long.toString(tokenChange), admission.lease()));
        for (Tally tally : admission.tallies()) {
            Measure measure = tally.count().measure();
            if (measure != Measure.REQUESTS) {
                keys.add(key(admission.team(), tally.count()));
                args.addAll(List.of(measure == Measure.TOKENS ? "t" : "s", tally.window()));
            }
        }
        return keys.isEmpty() ? Mono.empty() : run(SETTLE_SCRIPT, keys.toArray(String[]::new), args).then();
    }

    private Admission admission(String team, List<Count> counts, String lease, List<Object> answer) {
        int refused = ((Number) answer.get(0)).intValue();
        List<Tally> tallies = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            tallies.add(new Tally(counts.get(i), ((Number) answer.get(1 + 3 * i)).longValue(),
                    ((Number) answer.get(2 + 3 * i)).longValue(), String.valueOf(answer.get(3 + 3 * i))));
        }
        return new Admission(team, tallies, refused == 0 ? null : tallies.get(refused - 1), this, lease);
    }

    private Mono<List<Object>> run(SharedRedis.Script script, String[] keys, List<String> args) {
        return redis.runForArray(script, keys, args.toArray(String[]::new));
    }

    private String key(String team, Count count) {
        return redis.key("limits:{" + team + "}:" + count.counter());
    }
}
