package dev.bedrockgateway.bedrock;

import java.net.URI;

/**
 * A Bedrock Runtime served on this machine (the emulator), for {@code gateway.backend=emulator}. The start-up wiring
 * provides it, so that nothing in {@code bedrock} knows what serves it.
 */
public interface LocalBedrock {

    /** The URI to give the AWS SDK as {@code endpointOverride}. */
    URI endpoint();

    /** Whether it is serving now. */
    boolean isRunning();
}
