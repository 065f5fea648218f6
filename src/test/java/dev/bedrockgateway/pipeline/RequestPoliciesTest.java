package dev.bedrockgateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.core.GenerationRequest;
import dev.bedrockgateway.core.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The policy chain itself: its order, and what a step may do (rewrite, answer, refuse, observe). */
class RequestPoliciesTest {

    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger bodyReads = new AtomicInteger();

    @Test
    void runsEachStepInOrderBeforeTheDispatchAndTheAnswerBackThroughThemInReverse() {
        RequestPolicies chain = new RequestPolicies(List.of(tracing("identity"), tracing("limits"), tracing("cost")));

        StepVerifier.create(chain.run(call("Hi"), dispatch())).expectNextCount(1).verifyComplete();

        assertThat(seen).containsExactly("identity>", "limits>", "cost>", "dispatch Hi", "<cost", "<limits",
                "<identity");
    }

    @Test
    void aStepThatAnswersSkipsTheLaterStepsAndTheDispatch() {
        ServedRequest cached = answer(GenerationRequest.chat("cached"));
        RequestPolicy cache = new RequestPolicy() {
            @Override
            public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
                return Mono.just(cached);
            }
        };
        RequestPolicies chain = new RequestPolicies(List.of(tracing("identity"), cache, tracing("cost")));

        StepVerifier.create(chain.run(call("Hi"), dispatch())).expectNext(cached).verifyComplete();

        assertThat(seen).containsExactly("identity>", "<identity");
        assertThat(bodyReads).hasValue(0);
    }

    @Test
    void aStepThatRefusesEndsTheRequestWithItsErrorWithoutReadingTheBody() {
        RequestPolicy limits = new RequestPolicy() {
            @Override
            public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
                throw new GatewayException(ErrorKind.THROTTLED, "Too many requests for this key");
            }
        };
        RequestPolicies chain = new RequestPolicies(List.of(tracing("identity"), limits, tracing("cost")));

        StepVerifier.create(chain.run(call("Hi"), dispatch()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(GatewayException.class)
                        .extracting(failure -> ((GatewayException) failure).kind()).isEqualTo(ErrorKind.THROTTLED))
                .verify();

        assertThat(seen).containsExactly("identity>");
        assertThat(bodyReads).hasValue(0);
    }

    @Test
    void aStepMayRewriteTheRequestTheLaterStepsAndTheDispatchSee() {
        RequestPolicy guardrail = new RequestPolicy() {
            @Override
            public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
                return chain.next(call.rewrite(GenerationRequest.class, request -> GenerationRequest.chat(
                        request.lastUserText().replace("secret", "[redacted]"))));
            }
        };
        RequestPolicies chain = new RequestPolicies(List.of(guardrail, tracing("cost")));

        StepVerifier.create(chain.run(call("my secret"), dispatch()))
                .assertNext(served -> assertThat(((ServedRequest) served).request().lastUserText())
                        .isEqualTo("my [redacted]"))
                .verifyComplete();

        assertThat(seen).containsExactly("cost>", "dispatch my [redacted]", "<cost");
        assertThat(bodyReads).hasValue(1);
    }

    @Test
    void everyStepObservesWhatBecameOfTheRequestInTheChainsOrder() {
        RequestPolicies chain = new RequestPolicies(List.of(observing("metrics"), new RequestPolicy() {
        }, observing("access log")));
        PolicyCall<GenerationRequest> call = call("Hi");
        RequestEvent failed = new RequestEvent.Failed(new GatewayException(ErrorKind.CANCELLED, "gone"), null, 0, 5,
                null);

        chain.observe(call, failed);

        assertThat(seen).containsExactly("metrics saw Failed", "access log saw Failed");
    }

    private PolicyCall<GenerationRequest> call(String prompt) {
        return new PolicyCall<>("native", null, new RequestContext("req_1", System.nanoTime()), () -> {
            bodyReads.incrementAndGet();
            return GenerationRequest.chat(prompt);
        });
    }

    /** The chain's end: reads the request and answers it, as routing and dispatch would. */
    private Function<PolicyCall<GenerationRequest>, Mono<Served>> dispatch() {
        return call -> {
            GenerationRequest request = call.request();
            seen.add("dispatch " + request.messages().stream().map(Message::text).findFirst().orElseThrow());
            return Mono.just(answer(request));
        };
    }

    private static ServedRequest answer(GenerationRequest request) {
        return new ServedRequest("req_1", request, null, 0, 0, 0);
    }

    /** A step that notes when the request passes it on the way in and on the way back. */
    private RequestPolicy tracing(String name) {
        return new RequestPolicy() {
            @Override
            public Mono<Served> apply(PolicyCall<?> call, PolicyChain chain) {
                seen.add(name + ">");
                return chain.next(call).doOnNext(served -> seen.add("<" + name));
            }
        };
    }

    private RequestPolicy observing(String name) {
        return new RequestPolicy() {
            @Override
            public void observe(PolicyCall<?> call, RequestEvent event) {
                seen.add(name + " saw " + event.getClass().getSimpleName());
            }
        };
    }
}
