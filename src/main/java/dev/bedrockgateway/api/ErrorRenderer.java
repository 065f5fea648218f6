package dev.bedrockgateway.api;

import dev.bedrockgateway.core.GatewayException;
import org.springframework.http.MediaType;

/** Writes a gateway failure as one API's error body; {@link ApiErrorHandler} picks the renderer by path. */
public interface ErrorRenderer {

    MediaType contentType();

    /** The error body, to be written as JSON. */
    Object body(GatewayException failure, String requestId);
}
