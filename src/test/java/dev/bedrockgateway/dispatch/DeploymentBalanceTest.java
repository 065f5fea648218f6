package dev.bedrockgateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bedrockgateway.bedrock.BedrockTransport;
import dev.bedrockgateway.bedrock.BedrockTransports;
import dev.bedrockgateway.bedrock.InvokeResult;
import dev.bedrockgateway.catalog.ConverseFeatures;
import dev.bedrockgateway.catalog.Deployment;
import dev.bedrockgateway.catalog.ModelFamily;
import dev.bedrockgateway.catalog.ModelSpec;
import dev.bedrockgateway.catalog.Price;
import dev.bedrockgateway.catalog.ToolSupport;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.FinishReason;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.GenerationResult;
import dev.bedrockgateway.core.Task;
import dev.bedrockgateway.core.Usage;
import dev.bedrockgateway.provider.ModelAdapter;
import dev.bedrockgateway.provider.ModelAdapters;
import dev.bedrockgateway.resilience.GuardSettings;
import dev.bedrockgateway.resilience.ModelGuards;
import dev.bedrockgateway.resilience.Outcome;
import dev.bedrockgateway.routing.LatencyTracker;
import dev.bedrockgateway.routing.RouteDecision;
import dev.bedrockgateway.telemetry.GenAiObservations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/** How one request spreads over a model's deployments, and where it goes when one fails. */
class DeploymentBalanceTest {

    private static final Deployment EAST = new Deployment("east", "us-east-1", null, null, null, null, 1);
    private static final Deployment WEST = new Deployment("west", "us-west-2", null, null, null, null, 3);
    private static final String PROVISIONED = "arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc123";
    private static final Deployment EU = new Deployment("eu", "eu-west-1", null, null, null, PROVISIONED, 1);

    /** Retries would call the fake transports again; these tests are about moving between deployments. */
    private static final GuardSettings NO_RETRY = new GuardSettings(null, null, null, null, null, null, null, null,
            null, null, null, 1, null, null);

    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, Boolean> open = new HashMap<>();
    private final DeploymentBalance.Load load = new DeploymentBalance.Load() {
        @Override
        public int callsInFlight(Deployment deployment) {
            return inFlight.getOrDefault(deployment.name(), 0);
        }

        @Override
        public boolean refusesCalls(Deployment deployment) {
            return open.getOrDefault(deployment.name(), false);
        }
    };

    @Test
    void spreadsIdleDeploymentsInProportionToTheirWeight() {
        RandomGenerator random = new SplittableRandom(17);
        int rounds = 20_000;
        int westFirst = 0;
        for (int i = 0; i < rounds; i++) {
            if (DeploymentBalance.order(List.of(EAST, WEST), load, random).get(0) == WEST) {
                westFirst++;
            }
        }
        // west weighs 3, east 1: west leads three requests in four
        assertThat((double) westFirst / rounds).isCloseTo(0.75, within(0.02));
    }

    @Test
    void triesTheLeastLoadedPerUnitOfWeightFirst() {
        RandomGenerator random = new SplittableRandom(1);
        inFlight.put("east", 2); // 2 / 1
        inFlight.put("west", 3); // 3 / 3
        for (int i = 0; i < 100; i++) {
            assertThat(DeploymentBalance.order(List.of(EAST, WEST), load, random)).containsExactly(WEST, EAST);
        }
        inFlight.put("east", 0);
        for (int i = 0; i < 100; i++) {
            assertThat(DeploymentBalance.order(List.of(EAST, WEST), load, random)).containsExactly(EAST, WEST);
        }
    }

    @Test
    void triesADeploymentWithAnOpenCircuitLastHoweverIdle() {
        RandomGenerator random = new SplittableRandom(2);
        open.put("west", true);
        inFlight.put("east", 50);
        inFlight.put("eu", 80);
        for (int i = 0; i < 100; i++) {
            assertThat(DeploymentBalance.order(List.of(WEST, EU, EAST), load, random)).containsExactly(EAST, EU, WEST);
        }
    }

    @Test
    void movesToTheModelsNextDeploymentBeforeTheNextModel() {
        Fixture fixture = new Fixture();
        fixture.failures.put("us-east-1", new GatewayException(ErrorKind.UPSTREAM_ERROR, "east is down"));
        fixture.failures.put("us-west-2", new GatewayException(ErrorKind.THROTTLED, "west is busy"));

        StepVerifier.create(fixture.dispatcher.dispatch(GenerationRequest.chat("hello"),
                        route(pooled(EAST, WEST), single("other"))))
                .assertNext(dispatch -> {
                    assertThat(dispatch.model().alias()).isEqualTo("other");
                    assertThat(dispatch.attempts()).extracting(Attempt::model)
                            .containsExactly("pooled", "pooled", "other");
                    assertThat(dispatch.attempts()).extracting(Attempt::deployment)
                            .containsExactlyInAnyOrder("east", "west", "default");
                    assertThat(dispatch.attempts().get(2).deployment()).isEqualTo("default");
                })
                .verifyComplete();
    }

    @Test
    void answersFromTheOtherDeploymentWhenOneFails() {
        Fixture fixture = new Fixture();
        fixture.failures.put("us-west-2", new GatewayException(ErrorKind.UPSTREAM_ERROR, "west is down"));

        for (int i = 0; i < 20; i++) {
            StepVerifier.create(fixture.dispatcher.dispatch(GenerationRequest.chat("hello"),
                            route(pooled(EAST, WEST), single("other"))))
                    .assertNext(dispatch -> {
                        Attempt last = dispatch.attempts().get(dispatch.attempts().size() - 1);
                        assertThat(last.model()).isEqualTo("pooled");
                        assertThat(last.deployment()).isEqualTo("east");
                        assertThat(last.outcome()).isEqualTo(Outcome.OK);
                    })
                    .verifyComplete();
        }
        assertThat(fixture.calledRegions).contains("us-west-2").doesNotContain("gateway");
    }

    @Test
    void tellsNoOtherDeploymentOfTheCallersFault() {
        Fixture fixture = new Fixture();
        GatewayException invalid = new GatewayException(ErrorKind.UPSTREAM_VALIDATION, "bad field");
        fixture.failures.put("us-east-1", invalid);
        fixture.failures.put("us-west-2", invalid);

        StepVerifier.create(fixture.dispatcher.dispatch(GenerationRequest.chat("hello"),
                        route(pooled(EAST, WEST), single("other"))))
                .expectErrorSatisfies(error -> assertThat(((DispatchFailure) error).attempts()).hasSize(1))
                .verify();
        assertThat(fixture.calledRegions).hasSize(1);
    }

    @Test
    void skipsTheOtherDeploymentsOfAModelThatCannotTakeTheRequest() {
        Fixture fixture = new Fixture();
        GatewayException tooLong = new GatewayException(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "too long");
        fixture.failures.put("us-east-1", tooLong);
        fixture.failures.put("us-west-2", tooLong);

        StepVerifier.create(fixture.dispatcher.dispatch(GenerationRequest.chat("hello"),
                        route(pooled(EAST, WEST), single("other"))))
                .assertNext(dispatch -> assertThat(dispatch.attempts()).extracting(Attempt::model)
                        .containsExactly("pooled", "other"))
                .verifyComplete();
    }

    @Test
    void callsADeploymentWithTheIdBedrockKnowsItByThere() {
        Fixture fixture = new Fixture();

        StepVerifier.create(fixture.dispatcher.dispatch(GenerationRequest.chat("hello"), route(pooled(EU))))
                .assertNext(dispatch -> {
                    assertThat(dispatch.model().id()).as("the answer names the catalog's model")
                            .isEqualTo("meta.llama3-8b-instruct-v1:0");
                    assertThat(dispatch.attempts().get(0).deployment()).isEqualTo("eu");
                })
                .verifyComplete();
        assertThat(fixture.calledIds).containsExactly(PROVISIONED);
    }

    /** A dispatcher over fake transports, one per region ("gateway" for the gateway's own). */
    private static final class Fixture {
        final Map<String, GatewayException> failures = new HashMap<>();
        final List<String> calledRegions = new ArrayList<>();
        final List<String> calledIds = new ArrayList<>();
        final Dispatcher dispatcher;
        private final RandomGenerator random = new SplittableRandom(3);

        Fixture() {
            ModelAdapters adapters = new ModelAdapters(java.util.Arrays.stream(ModelFamily.values())
                    .filter(family -> family.task() != Task.EMBED).map(DeploymentBalanceTest::invokingAdapter).toList());
            BedrockTransports transports = new BedrockTransports(transport("gateway"),
                    place -> transport(place.region()));
            ModelGuards guards = new ModelGuards(NO_RETRY.over(GuardSettings.BUILT_IN), Map.of(),
                    new SimpleMeterRegistry(), Clock.systemUTC());
            dispatcher = new Dispatcher(adapters, null, transports, guards, new LatencyTracker(),
                    new GenAiObservations(ObservationRegistry.NOOP), () -> random);
        }

        private BedrockTransport transport(String region) {
            return new BedrockTransport() {
                @Override
                public Mono<InvokeResult> invoke(String modelId, byte[] body) {
                    return Mono.defer(() -> {
                        calledRegions.add(region);
                        calledIds.add(modelId);
                        GatewayException failure = failures.get(region);
                        return failure != null ? Mono.error(failure)
                                : Mono.just(new InvokeResult(("from " + region).getBytes(), 1, 2));
                    });
                }

                @Override
                public Mono<ConverseResponse> converse(ConverseRequest request) {
                    return Mono.error(new UnsupportedOperationException());
                }

                @Override
                public Flux<byte[]> invokeStream(String modelId, byte[] body) {
                    return Flux.error(new UnsupportedOperationException());
                }

                @Override
                public Flux<ConverseStreamOutput> converseStream(ConverseStreamRequest request) {
                    return Flux.error(new UnsupportedOperationException());
                }
            };
        }
    }

    /** An adapter that makes one InvokeModel call through the transport it is given, with the id it is given. */
    private static ModelAdapter invokingAdapter(ModelFamily family) {
        return new ModelAdapter() {
            @Override
            public ModelFamily family() {
                return family;
            }

            @Override
            public Mono<GenerationResult> generate(GenerationRequest request, ModelSpec model,
                                                   BedrockTransport transport) {
                return transport.invoke(model.id(), new byte[0]).map(result -> GenerationResult.text(
                        new String(result.body()), FinishReason.STOP, new Usage(1, 2)));
            }
        };
    }

    private static ModelSpec pooled(Deployment... deployments) {
        return new ModelSpec("pooled", "meta.llama3-8b-instruct-v1:0", ModelFamily.META, "meta", Task.CHAT, false,
                8192, 2048, Price.FREE, ToolSupport.NONE, ConverseFeatures.defaultFor("meta.llama3-8b-instruct-v1:0"),
                List.of(deployments));
    }

    private static ModelSpec single(String alias) {
        return new ModelSpec(alias, "meta.llama3-70b-instruct-v1:0", ModelFamily.META, "meta", Task.CHAT, false,
                8192, 2048, Price.FREE);
    }

    private static RouteDecision route(ModelSpec... models) {
        return new RouteDecision("r", "priority", List.of(models), false);
    }
}
