package dev.bedrockgateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.StreamEvent;
import dev.bedrockgateway.core.Message;
import dev.bedrockgateway.core.Parameters;
import dev.bedrockgateway.core.Part;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.ModelAdapter;
import dev.bedrockgateway.provider.ModelAdapters;
import dev.bedrockgateway.resilience.GuardSettings;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.routing.LatencyTracker;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.catalog.ModelCatalog;
import dev.bedrockgateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.bedrockgateway.telemetry.GenAiObservations;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class DispatcherTest {

    private final Map<String, GatewayException> failures = new HashMap<>();
    private final Map<String, GatewayException> midStreamFailures = new HashMap<>();
    private final List<String> called = new ArrayList<>();
    private final Dispatcher dispatcher = new Dispatcher(new ModelAdapters(Arrays.stream(ModelFamily.values())
            .map(this::adapter).toList()), null, (dev.bedrockgateway.bedrock.BedrockTransport) null, new ModelGuards(
            NO_RETRY.over(GuardSettings.BUILT_IN), Map.of(), new SimpleMeterRegistry(), Clock.systemUTC()),
            new LatencyTracker(), new GenAiObservations(ObservationRegistry.NOOP));

    /** Retries would call the fake adapters again; these tests are about moving between candidates. */
    private static final GuardSettings NO_RETRY = new GuardSettings(null, null, null, null, null, null, null, null,
            null, null, null, 1, null, null);

    @Test
    void movesToTheNextCandidateOnAFailureAnotherModelCanAbsorb() {
        failures.put("a", new GatewayException(ErrorKind.THROTTLED, "slow down"));
        failures.put("b", new GatewayException(ErrorKind.UPSTREAM_ERROR, "down"));

        StepVerifier.create(dispatcher.dispatch(chat(), route(model("a"), model("b"), model("c"))))
                .assertNext(dispatch -> {
                    assertThat(dispatch.model().alias()).isEqualTo("c");
                    assertThat(dispatch.attempts()).extracting(attempt -> attempt.outcome().wireName())
                            .containsExactly("throttled", "upstream_error", "ok");
                })
                .verifyComplete();
    }

    @Test
    void stopsAtOnceWhenTheModelRejectsTheRequest() {
        failures.put("a", new GatewayException(ErrorKind.UPSTREAM_VALIDATION, "bad field"));

        StepVerifier.create(dispatcher.dispatch(chat(), route(model("a"), model("b"))))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(DispatchFailure.class);
                    assertThat(((GatewayException) error).kind()).isEqualTo(ErrorKind.UPSTREAM_VALIDATION);
                })
                .verify();
        assertThat(called).containsExactly("a");
    }

    @Test
    void answersWithTheCommonKindWhenEveryCandidateFailsAlike() {
        failures.put("a", new GatewayException(ErrorKind.THROTTLED, "slow down"));
        failures.put("b", new GatewayException(ErrorKind.THROTTLED, "slow down"));

        StepVerifier.create(dispatcher.dispatch(chat(), route(model("a"), model("b"))))
                .expectErrorSatisfies(error -> {
                    DispatchFailure failure = (DispatchFailure) error;
                    assertThat(failure.kind()).isEqualTo(ErrorKind.THROTTLED);
                    assertThat(failure.attempts()).hasSize(2);
                    assertThat(failure.detail()).contains("Every candidate of route r failed");
                })
                .verify();
    }

    @Test
    void answersWithTheSoonestRetryAfterWhenEveryCandidateIsThrottled() {
        failures.put("a", new GatewayException(ErrorKind.THROTTLED, "slow down", Duration.ofSeconds(30), null));
        failures.put("b", new GatewayException(ErrorKind.THROTTLED, "slow down", Duration.ofSeconds(7), null));
        failures.put("c", new GatewayException(ErrorKind.THROTTLED, "slow down", null, null));
        failures.put("d", new GatewayException(ErrorKind.THROTTLED, "slow down", Duration.ofSeconds(12), null));

        StepVerifier.create(dispatcher.dispatch(chat(), route(model("a"), model("b"), model("c"), model("d"))))
                .expectErrorSatisfies(error -> {
                    DispatchFailure failure = (DispatchFailure) error;
                    assertThat(failure.kind()).isEqualTo(ErrorKind.THROTTLED);
                    assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(failure.attempts()).hasSize(4);
                })
                .verify();
    }

    @Test
    void answers502WhenCandidatesFailDifferently() {
        failures.put("a", new GatewayException(ErrorKind.THROTTLED, "slow down"));
        failures.put("b", new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "late"));

        StepVerifier.create(dispatcher.dispatch(chat(), route(model("a"), model("b"))))
                .expectErrorSatisfies(error -> assertThat(((GatewayException) error).kind())
                        .isEqualTo(ErrorKind.UPSTREAM_ERROR))
                .verify();
    }

    @Test
    void skipsAModelThatCannotTakeTheRequestWithoutCallingIt() {
        ModelSpec small = new ModelSpec("small", "meta.llama3-8b-instruct-v1:0", ModelFamily.META, "meta", Task.CHAT,
                false, 8192, 100, Price.FREE);
        GenerationRequest request = new GenerationRequest(Task.CHAT, null, List.of(Message.user("hi")),
                Parameters.DEFAULTS.withMaxTokens(500), null, null, null, null);

        StepVerifier.create(dispatcher.dispatch(request, route(small, model("b"))))
                .assertNext(dispatch -> assertThat(dispatch.attempts()).extracting(attempt -> attempt.outcome().wireName())
                        .containsExactly("skipped", "ok"))
                .verifyComplete();
        assertThat(called).containsExactly("b");
    }

    @Test
    void refusesWith422WhenNoCandidateCanTakeTheRequest() {
        GenerationRequest withImage = new GenerationRequest(Task.CHAT, null, List.of(new Message(
                dev.bedrockgateway.core.Role.USER, List.of(Part.image("image/png", new byte[] {1})))),
                null, null, null, null, null);

        StepVerifier.create(dispatcher.dispatch(withImage, route(model("a"), model("b"))))
                .expectErrorSatisfies(error -> {
                    assertThat(((GatewayException) error).kind()).isEqualTo(ErrorKind.UNSUPPORTED_BY_MODEL);
                    assertThat(error.getMessage()).contains("No model of route r can serve this request");
                })
                .verify();
        assertThat(called).isEmpty();
    }

    @Test
    void streamsFromTheNextCandidateWhenOneFailsBeforeItsFirstEvent() {
        failures.put("a", new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "no first chunk"));

        StepVerifier.create(dispatcher.stream(chat(), route(model("a"), model("b")))
                        .flatMapMany(dispatch -> {
                            assertThat(dispatch.model().alias()).isEqualTo("b");
                            assertThat(dispatch.attempts()).extracting(attempt -> attempt.outcome().wireName()).containsExactly("timeout", "ok");
                            return dispatch.events();
                        }))
                .expectNext(new StreamEvent.Delta("hi from b"), new StreamEvent.End(FinishReason.STOP, new Usage(1, 2)))
                .verifyComplete();
    }

    @Test
    void neverFallsBackOnceTheStreamHasStarted() {
        GatewayException broken = new GatewayException(ErrorKind.UPSTREAM_ERROR, "broken off");
        midStreamFailures.put("a", broken);

        StepVerifier.create(dispatcher.stream(chat(), route(model("a"), model("b"))).flatMapMany(StreamDispatch::events))
                .expectNext(new StreamEvent.Delta("hi from a"))
                .expectErrorMatches(error -> error == broken)
                .verify();
        assertThat(called).containsExactly("a");
    }

    private ModelAdapter adapter(ModelFamily family) {
        return new ModelAdapter() {
            @Override
            public ModelFamily family() {
                return family;
            }

            @Override
            public Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
                return Mono.defer(() -> {
                    called.add(model.alias());
                    GatewayException failure = failures.get(model.alias());
                    return failure != null ? Mono.error(failure)
                            : Mono.just(GenerationResult.text("hi from " + model.alias(), FinishReason.STOP, new Usage(1, 2)));
                });
            }

            /** Fails before its first event as {@code failures} says, or after it as {@code midStreamFailures} says. */
            @Override
            public Flux<StreamEvent> stream(GenerationRequest request, ModelSpec model, BedrockTransport transport) {
                return Flux.defer(() -> {
                    called.add(model.alias());
                    GatewayException failure = failures.get(model.alias());
                    if (failure != null) {
                        return Flux.error(failure);
                    }
                    Flux<StreamEvent> hi = Flux.just(new StreamEvent.Delta("hi from " + model.alias()));
                    GatewayException midStream = midStreamFailures.get(model.alias());
                    return midStream != null ? hi.concatWith(Flux.error(midStream))
                            : hi.concatWithValues(new StreamEvent.End(FinishReason.STOP, new Usage(1, 2)));
                });
            }
        };
    }

    private static ModelSpec model(String alias) {
        return new ModelSpec(alias, "anthropic.claude-3-haiku-" + alias, ModelFamily.ANTHROPIC, "anthropic",
                Task.CHAT, false, 200000, 4096, Price.FREE);
    }

    private static RouteDecision route(ModelSpec... models) {
        return new RouteDecision("r", "priority", List.of(models), false);
    }

    private static GenerationRequest chat() {
        return GenerationRequest.chat("hello");
    }
}
