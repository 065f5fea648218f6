package dev.bedrockgateway.web;

import dev.bedrockgateway.pipeline.ServedRequest;
import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import dev.bedrockgateway.dispatch.DispatchFailure;
import org.springframework.http.MediaType;

/** The native API's errors: {@code application/problem+json} with the kind, the detail, the request id and attempts. */
final class ProblemRenderer implements ErrorRenderer {

    @Override
    public MediaType contentType() {
        return MediaType.APPLICATION_PROBLEM_JSON;
    }

    @Override
    public Object body(GatewayException failure, String requestId) {
        ErrorKind kind = failure.kind();
        return new Problem(Problem.TYPE_PREFIX + kind.code(), kind.title(), kind.status(), failure.detail(),
                kind.code(), requestId, failure instanceof DispatchFailure dispatchFailure
                        ? ServedRequest.attempts(dispatchFailure.attempts()) : null);
    }
}
