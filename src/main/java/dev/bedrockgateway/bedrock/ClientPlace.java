package dev.bedrockgateway.bedrock;

import java.net.URI;

/**
 * Where one Bedrock client sends its calls and as whom: what a deployment of a model needs a client of its own for.
 * Deployments that share all four share one client.
 *
 * @param region   AWS region; null for the gateway's own
 * @param endpoint endpoint override; null for the gateway's own
 * @param profile  AWS credentials profile; null for the default credentials chain
 * @param roleArn  IAM role assumed through STS; null for none
 */
public record ClientPlace(String region, URI endpoint, String profile, String roleArn) {

    /** The gateway's own client. */
    public static final ClientPlace GATEWAY = new ClientPlace(null, null, null, null);

    /** Whether this is the gateway's own client. */
    public boolean isGateway() {
        return equals(GATEWAY);
    }

    /** How logs name it; never a credential (a profile's name and a role's ARN are not secrets). */
    @Override
    public String toString() {
        return "region " + (region == null ? "(gateway's)" : region)
                + (endpoint == null ? "" : ", endpoint " + BedrockHealthIndicator.shown(endpoint))
                + (profile == null ? "" : ", profile " + profile)
                + (roleArn == null ? "" : ", role " + roleArn);
    }
}
