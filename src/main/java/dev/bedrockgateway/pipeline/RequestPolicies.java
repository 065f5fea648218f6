package dev.bedrockgateway.pipeline;

import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** The request policies in the order they run, and the running of a request through them. */
public final class RequestPolicies {

    private final List<RequestPolicy> inOrder;

    public RequestPolicies(List<RequestPolicy> inOrder) {
        this.inOrder = List.copyOf(inOrder);
    }

    public List<RequestPolicy> inOrder() {
        return inOrder;
    }

    /**
     * Runs {@code call} through every policy, then through {@code dispatch} (routing and dispatch) unless a policy
     * answered or refused first.
     */
    public <Q> Mono<Served> run(PolicyCall<Q> call, Function<PolicyCall<Q>, Mono<Served>> dispatch) {
        return next(0, call, dispatch);
    }

    /** Tells every policy, in order, what became of the request. */
    public void observe(PolicyCall<?> call, RequestEvent event) {
        for (RequestPolicy policy : inOrder) {
            policy.observe(call, event);
        }
    }

    private <Q> Mono<Served> next(int index, PolicyCall<?> call, Function<PolicyCall<Q>, Mono<Served>> dispatch) {
        if (index == inOrder.size()) {
            @SuppressWarnings("unchecked") // a policy can only pass on the call it got, or its rewrite, both PolicyCall<Q>
            PolicyCall<Q> last = (PolicyCall<Q>) call;
            return Mono.defer(() -> dispatch.apply(last));
        }
        RequestPolicy policy = inOrder.get(index);
        return Mono.defer(() -> policy.apply(call, rest -> next(index + 1, rest, dispatch)));
    }
}
