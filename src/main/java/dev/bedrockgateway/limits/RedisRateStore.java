package dev.bedrockgateway.limits;

import dev.bedrockgateway.access.SharedRedis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The counters every replica shares, in Redis: each request's counters are checked and taken by one Lua script, run
 * atomically by Redis in one round trip (EVALSHA; the script is sent whole only when Redis does not know it yet).
 *
 * <p>An owner's one-minute counters (a key's, its team's, or a key's for one model) are one hash
 * {@code {start, requests, tokens}} that expires a minute after its first count: a fixed window that starts with the
 * first request counted in it (the INCR-and-EXPIRE pattern), so its reset time is its start plus a minute. Requests and
 * tokens share the hash, so a request reads and adds to three hashes, not six counters. A stream counter is a sorted
 * set of the open streams' leases, scored by when each lapses, so a replica that dies with streams open holds them
 * only until their leases lapse. A request's keys all carry its team as a hash tag ({@code {team}}), so they fall
 * into one slot of a Redis Cluster too.
 */
final class RedisRateStore implements RateStore {

    /**
     * KEYS[i]: an owner's window hash or a stream set. ARGV: now (ms), window (ms), lease id, lease end (ms); then per
     * key: 'w', its number of fields and, per field, its name, limit and amount; or 's', limit and amount. Counts are
     * taken in that order (a slot each). Answers the first slot that would go over (0: none, and then every slot took
     * its amount), then, per slot: used, reset (ms), window start. A window that has run out starts again at now.
     */
    static final String TAKE = """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local at = 5
            local refused = 0
            local slots, fresh = {}, {}
            for i = 1, #KEYS do
              if ARGV[at] == 'w' then
                local fields = tonumber(ARGV[at + 1])
                at = at + 2
                local names = {'start'}
                for j = 1, fields do
                  names[j + 1] = ARGV[at + (j - 1) * 3]
                end
                local state = redis.call('HMGET', KEYS[i], unpack(names))
                local start = state[1]
                fresh[i] = not start or tonumber(start) + window <= now
                if fresh[i] then
                  start = ARGV[1]
                end
                local reset = tonumber(start) + window - now
                for j = 1, fields do
                  local used = fresh[i] and 0 or (tonumber(state[j + 1]) or 0)
                  local amount = tonumber(ARGV[at + 2])
                  slots[#slots + 1] = {i, ARGV[at], amount, used, reset, start, ARGV[at + 2]}
                  if refused == 0 and used + amount > tonumber(ARGV[at + 1]) then
                    refused = #slots
                  end
                  at = at + 3
                end
              else
                redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
                local used = redis.call('ZCARD', KEYS[i])
                local amount = tonumber(ARGV[at + 2])
                slots[#slots + 1] = {i, false, amount, used, 0, ''}
                if refused == 0 and used + amount > tonumber(ARGV[at + 1]) then
                  refused = #slots
                end
                at = at + 3
              end
            end
            if refused == 0 then
              local started = {}
              for _, slot in ipairs(slots) do
                local i = slot[1]
                if not slot[2] then
                  redis.call('ZADD', KEYS[i], ARGV[4], ARGV[3])
                  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[4]) - now)
                elseif fresh[i] then
                  started[i] = started[i] or {'start', ARGV[1]}
                  table.insert(started[i], slot[2])
                  table.insert(started[i], slot[7])
                else
                  redis.call('HINCRBY', KEYS[i], slot[2], slot[7])
                end
                slot[4] = slot[4] + slot[3]
              end
              for i, fields in pairs(started) do
                redis.call('DEL', KEYS[i])
                redis.call('HSET', KEYS[i], unpack(fields))
                redis.call('PEXPIRE', KEYS[i], window)
              end
            end
            local answer = {refused}
            for _, slot in ipairs(slots) do
              answer[#answer + 1] = slot[4]
              answer[#answer + 1] = slot[5]
              answer[#answer + 1] = slot[6]
            end
            return answer
            """;

    /**
     * KEYS[i]: an owner's window hash or a stream set of an admitted request. ARGV: token change, lease id; then two
     * per key: kind ('t' the tokens of a window hash, 's' a stream set) and the window the tokens were counted in.
     * Tokens change only in that window, and never below zero.
     */
    static final String SETTLE = """
            local change = tonumber(ARGV[1])
            for i = 1, #KEYS do
              local kind, window = ARGV[1 + i * 2], ARGV[2 + i * 2]
              if kind == 't' then
                if change ~= 0 and redis.call('HGET', KEYS[i], 'start') == window then
                  if redis.call('HINCRBY', KEYS[i], 'tokens', change) < 0 then
                    redis.call('HSET', KEYS[i], 'tokens', 0)
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
        // the counts grouped by key, in the order each key first appears: a window hash per owner, a set per stream count
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < counts.size(); i++) {
            byKey.computeIfAbsent(key(team, counts.get(i)), key -> new ArrayList<>(2)).add(i);
        }
        List<String> args = new ArrayList<>(4 + 4 * counts.size());
        args.addAll(List.of(Long.toString(now), Long.toString(windowMillis), lease, Long.toString(now + leaseMillis)));
        int[] countOfSlot = new int[counts.size()];
        int slot = 0;
        for (List<Integer> grouped : byKey.values()) {
            boolean windowed = counts.get(grouped.get(0)).measure().windowed();
            args.add(windowed ? "w" : "s");
            if (windowed) {
                args.add(Integer.toString(grouped.size()));
            }
            for (int index : grouped) {
                Count count = counts.get(index);
                if (windowed) {
                    args.add(count.measure().fieldName());
                }
                args.addAll(List.of(Long.toString(count.limit()), Long.toString(count.amount())));
                countOfSlot[slot++] = index;
            }
        }
        return run(TAKE_SCRIPT, byKey.keySet().toArray(String[]::new), args)
                .map(answer -> admission(team, counts, countOfSlot, lease, answer));
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

    /** The script's answer as the tallies of the counts, in their order; the answer's slots are in the keys' order. */
    private Admission admission(String team, List<Count> counts, int[] countOfSlot, String lease, List<Object> answer) {
        int refused = ((Number) answer.get(0)).intValue();
        Tally[] tallies = new Tally[counts.size()];
        for (int slot = 0; slot < countOfSlot.length; slot++) {
            int index = countOfSlot[slot];
            tallies[index] = new Tally(counts.get(index), ((Number) answer.get(1 + 3 * slot)).longValue(),
                    ((Number) answer.get(2 + 3 * slot)).longValue(), String.valueOf(answer.get(3 + 3 * slot)));
        }
        return new Admission(team, List.of(tallies), refused == 0 ? null : tallies[countOfSlot[refused - 1]], this,
                lease);
    }

    private Mono<List<Object>> run(SharedRedis.Script script, String[] keys, List<String> args) {
        return redis.runForArray(script, keys, args.toArray(String[]::new));
    }

    /** An owner's window hash ({@code ...:rates}), or a stream count's set ({@code ...:streams}). */
    private String key(String team, Count count) {
        String name = count.measure().windowed() ? count.owner() + ":rates" : count.counter();
        return redis.key("limits:{" + team + "}:" + name);
    }
}
