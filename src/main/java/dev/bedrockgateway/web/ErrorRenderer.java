package dev.bedrockgateway.web;

import dev.bedrockgateway.core.GatewayException;
import org.springframework.http.MediaType;

/** Writes a gateway failure as one API's error body; {@link ApiErrorHandler} picks the renderer by path. */
public interface ErrorRenderer {

    MediaType contentType();

    /** The HTTP status of the failure in this API; the kind's own unless the API's clients expect another. */
    default int status(GatewayException failure) {
        return failure.kind().status();
    }

    /** The error body, to be written as JSON. */
    Object body(GatewayException failure, String requestId);
}
