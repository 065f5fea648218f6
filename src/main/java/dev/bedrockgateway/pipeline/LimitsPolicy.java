package dev.bedrockgateway.pipeline;

import dev.bedrockgateway.access.AccessKey;
import dev.bedrockgateway.access.Limits;
import dev.bedrockgateway.access.ModelLimits;
import dev.bedrockgateway.access.Team;
import dev.bedrockgateway.core.EmbeddingRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.limits.Admission;
import dev.bedrockgateway.limits.Count;
import dev.bedrockgateway.limits.Limiter;
import dev.bedrockgateway.limits.Measure;
import dev.bedrockgateway.limits.Tally;
import dev.bedrockgateway.routing.ActiveRouteTable;
import dev.bedrockgateway.routing.TokenEstimate;
import dev.bedrockgateway.telemetry.GatewayMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The chain's step after identity: the caller's rate limits, those of its key, of its team (shared by the team's
 * keys) and of its key for the model or route it asks for. Requests and tokens are counted per one-minute window,
 * streams while they are open; all of a request's counters are checked and taken at once, or none is (429
 * {@code rate_limit_exceeded} with Retry-After). Tokens are reserved on admission, as the prompt's estimate plus its
 * max_tokens (or the model's most output), and settled to the answer's real usage when it ends (a whole answer's
 * settlement is sent before the answer; a stream that fails or is left before its end event settles to what was
 * streamed); a stream's place is given back when it closes, however it closes. Every answer carries OpenAI's
 * {@code x-ratelimit-*} headers ({@link RateHeaders}). A caller none of whose limits is set costs nothing here; one
 * with request limits only is counted without reading its body.
 */
public final class LimitsPolicy implements RequestPolicy {

    private static final String ADMISSION = LimitsPolicy.class.getName() + ".admission";
    /** How long a refused stream is told to wait: a place frees when any of its key's streams ends. */
    private static final Duration STREAM_RETRY = Duration.ofSeconds(1);

    private final Limiter limiter;
    private final ActiveRouteTable tables;
    private final GatewayMetrics metrics;

    public LimitsPolicy(Limiter limiter, ActiveRouteTable tables, GatewayMetrics metrics) {
        this.limiter = limiter;
        this.tables = tables;
        this.metrics = metrics;
    }

    @Override
    public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
        AccessKey key = IdentityPolicy.caller(call.exchange());
        Team team = IdentityPolicy.team(call.exchange());
        if (key == null || team == null) {
            return chain.next(call);
        }
        List<Count> counts = counts(call, key, team);
        if (counts.isEmpty()) {
            return chain.next(call);
        }
        return RequestLoop.resumed(call.exchange(), limiter.admit(team.name(), counts)).flatMap(admission -> {
            RateHeaders.write(call.exchange().getResponse().getHeaders(), admission);
            if (!admission.admitted()) {
                metrics.limitRejected(team.name(), admission.refused().count().label());
                return Mono.error(exceeded(key, team, admission.refused()));
            }
            call.exchange().getAttributes().put(ADMISSION, admission);
            return chain.next(call).doOnNext(served -> settle(admission, served));
        });
    }

    /**
     * A whole answer's settlement is sent to the store before the answer is sent to the caller, and not waited for:
     * the store takes one connection's commands in the order they were sent, so a caller that waits for each answer
     * before its next request is still counted exactly, and the answer does not wait a round trip for it. A stream
     * settles when it closes ({@link #observe}).
     */
    private void settle(Admission admission, Served served) {
        Usage usage = served instanceof ServedRequest answer ? answer.dispatch().result().usage()
                : served instanceof ServedEmbeddings embeddings ? embeddings.dispatch().result().usage() : null;
        if (usage != null) {
            limiter.settle(admission, total(usage)).subscribe();
        }
    }

    @Override
    public void observe(PolicyCall<?> call, RequestEvent event) {
        Admission admission = call.exchange().getAttribute(ADMISSION);
        if (admission == null) {
            return;
        }
        if (event instanceof RequestEvent.StreamClosed closed) {
            // A stream cancelled or failed before its end event settles to what was streamed, as it is charged.
            limiter.settle(admission, total(closed.used())).subscribe();
        } else if (event instanceof RequestEvent.Failed) {
            // No answer: the model billed nothing, so the reservation comes back (the request itself still counts).
            limiter.settle(admission, 0).subscribe();
        }
    }

    /** The request's counts: requests, then tokens, then streams; key, then team, then the key's per-model limit. */
    private List<Count> counts(PolicyCall<?> call, AccessKey key, Team team) {
        Limits own = key.limits();
        Limits shared = team.limits();
        AskedFor asked = key.modelLimits().isEmpty() ? null : AskedFor.of(call, tables);
        String model = asked == null ? null : modelName(asked, key);
        ModelLimits perModel = key.limitsFor(model);
        Integer modelRequests = perModel == null ? null : perModel.requestsPerMinute();
        Integer modelTokens = perModel == null ? null : perModel.tokensPerMinute();
        String keyed = "key:" + key.id();
        String modelKeyed = keyed + ":model:" + model;

        List<Count> counts = new ArrayList<>(8);
        add(counts, keyed, Measure.REQUESTS, own.requestsPerMinute(), 1, "key_requests_per_minute");
        add(counts, "team", Measure.REQUESTS, shared.requestsPerMinute(), 1, "team_requests_per_minute");
        add(counts, modelKeyed, Measure.REQUESTS, modelRequests, 1, "key_model_requests_per_minute");
        if (own.tokensPerMinute() != null || shared.tokensPerMinute() != null || modelTokens != null) {
            long reserved = reserved(call, asked);
            add(counts, keyed, Measure.TOKENS, own.tokensPerMinute(), reserved, "key_tokens_per_minute");
            add(counts, "team", Measure.TOKENS, shared.tokensPerMinute(), reserved, "team_tokens_per_minute");
            add(counts, modelKeyed, Measure.TOKENS, modelTokens, reserved, "key_model_tokens_per_minute");
        }
        if (call.streamed()) {
            add(counts, keyed, Measure.STREAMS, own.streamsAtOnce(), 1, "key_streams_at_once");
            add(counts, "team", Measure.STREAMS, shared.streamsAtOnce(), 1, "team_streams_at_once");
        }
        return counts;
    }

    private static void add(List<Count> counts, String owner, Measure measure, Integer limit, long amount,
                            String label) {
        if (limit != null) {
            counts.add(new Count(owner, measure, limit, amount, label));
        }
    }

    /** The name the key's per-model limits are written under: the model's alias or the name used, else the route. */
    private static String modelName(AskedFor asked, AccessKey key) {
        if (!asked.model()) {
            return asked.route();
        }
        String alias = asked.firstModel().alias();
        return key.limitsFor(alias) != null ? alias : asked.modelAsNamed();
    }

    /**
     * What a request reserves of a token limit: its prompt's estimate plus the most it may write (its max_tokens, or
     * else the first model's most output), as OpenAI counts a request against its limits.
     */
    private long reserved(PolicyCall<?> call, AskedFor asked) {
        Object request = call.request();
        if (request instanceof EmbeddingRequest embedding) {
            return TokenEstimate.texts(embedding.inputs());
        }
        GenerationRequest generation = (GenerationRequest) request;
        Integer maxTokens = generation.parameters().maxTokens();
        long output = maxTokens != null ? maxTokens
                : (asked != null ? asked : AskedFor.of(call, tables)).firstModel().maxOutputTokens();
        return TokenEstimate.input(generation) + output;
    }

    private static GatewayException exceeded(AccessKey key, Team team, Tally refused) {
        Count count = refused.count();
        String whose = count.label().startsWith("team_") ? "Team '" + team.name() + "'"
                : "API key " + key.prefix() + "…";
        String what = switch (count.measure()) {
            case REQUESTS -> count.limit() + " requests per minute";
            case TOKENS -> count.limit() + " tokens per minute";
            case STREAMS -> count.limit() + " streams at once";
        };
        String scope = count.label().startsWith("key_model_") ? " for this model" : "";
        if (count.measure() == Measure.TOKENS && count.amount() > count.limit()) {
            // Waiting would not help: this request alone reserves more than the whole limit.
            return new GatewayException(ErrorKind.RATE_LIMIT_EXCEEDED, "This request reserves " + count.amount()
                    + " tokens (its prompt and max_tokens), more than the limit of " + what + scope + " of " + whose
                    + "; lower max_tokens");
        }
        Duration retryAfter = count.measure() == Measure.STREAMS ? STREAM_RETRY
                : Duration.ofMillis(Math.max(1, refused.resetMillis()));
        return new GatewayException(ErrorKind.RATE_LIMIT_EXCEEDED, whose + " is at its limit of " + what + scope
                + "; try again in " + RateHeaders.duration(retryAfter.toMillis()), retryAfter, null);
    }

    private static long total(Usage usage) {
        return usage.totalTokens();
    }
}
