package dev.bedrockgateway.catalog;

import java.net.URI;

/**
 * One place a catalog model is served from: a region, an account (a credentials profile or a role to assume), an
 * endpoint, and the identifier Bedrock is called with there (a provisioned-throughput or inference-profile ARN).
 * Bedrock's quotas are per region and account, so several deployments behind one model pool their quota.
 *
 * @param name     unique within its model; names the deployment in attempts, logs and metrics
 * @param region   AWS region; null for the gateway's own ({@code gateway.bedrock.region})
 * @param endpoint endpoint override; null for the gateway's own ({@code gateway.bedrock.endpoint})
 * @param profile  AWS credentials profile; null for the default credentials chain
 * @param roleArn  IAM role to assume for the calls; null for none
 * @param modelId  what Bedrock is called with here; null for the model's own id
 * @param weight   share of the model's requests among its healthy deployments, relative to the others
 */
public record Deployment(String name, String region, URI endpoint, String profile, String roleArn, String modelId,
                         int weight) {

    /** The one deployment of a model that lists none: the gateway's own client, the model's own id. */
    public static final Deployment DEFAULT = new Deployment("default", null, null, null, null, null, 1);

    /** Whether calls go through the gateway's own client (no region, endpoint or credentials of their own). */
    public boolean usesDefaultClient() {
        return region == null && endpoint == null && profile == null && roleArn == null;
    }

    /** What Bedrock is called with at this deployment for a model whose own id is {@code modelOwnId}. */
    public String callId(String modelOwnId) {
        return modelId != null ? modelId : modelOwnId;
    }
}
