package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * The emulator plays several regions: a call is in the region of its SigV4 credential scope, which the real SDK writes
 * as {@code Credential=<access key>/<yyyymmdd>/<region>/<service>/aws4_request} in the Authorization header (IAM user
 * guide, "Authentication methods",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-authentication-methods.html), and a fault plan can
 * hold for one region only.
 */
class RegionFaultsTest {

    private static final String MODEL = BedrockEmulatorSdkTest.LLAMA;
    private static final String BODY = "{\"prompt\":\"hi\"}";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    private final BedrockRuntimeAsyncClient east = client(Region.US_EAST_1);
    private final BedrockRuntimeAsyncClient west = client(Region.US_WEST_2);

    @AfterEach
    void close() {
        east.close();
        west.close();
    }

    @Test
    void readsTheRegionOfTheCredentialScope() {
        assertThat(SignedRegion.of("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261205/us-west-2/bedrock/"
                + "aws4_request, SignedHeaders=host;x-amz-date, Signature=fe5f80f77d5fa3beca038a248ff027d0"))
                .isEqualTo("us-west-2");
        assertThat(SignedRegion.of("AWS4-HMAC-SHA256 Credential=AKID/20261205/eu-central-1/bedrock/aws4_request"))
                .isEqualTo("eu-central-1");
        assertThat(SignedRegion.of(null)).isNull();
        assertThat(SignedRegion.of("Bearer abc")).isNull();
        assertThat(SignedRegion.of("AWS4-HMAC-SHA256 Credential=AKID/20261205/bedrock/aws4_request")).isNull();
    }

    @Test
    void takesDownOneRegionAndLeavesTheOtherServing() {
        running.emulator().setFault("us-west-2", MODEL, FaultPlan.of(FaultKind.UNAVAILABLE));

        assertThat(failure(west.invokeModel(invokeRequest(MODEL, BODY)))).isInstanceOf(ServiceUnavailableException.class);
        assertThat(east.invokeModel(invokeRequest(MODEL, BODY)).join().body().asUtf8String()).contains("generation");
    }

    @Test
    void aRegionsPlanComesBeforeThePlanOfNoRegion() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.THROTTLING));
        running.emulator().setFault("us-west-2", MODEL, FaultPlan.of(FaultKind.UNAVAILABLE));

        assertThat(failure(west.invokeModel(invokeRequest(MODEL, BODY)))).isInstanceOf(ServiceUnavailableException.class);
        assertThat(failure(east.invokeModel(invokeRequest(MODEL, BODY)))).isInstanceOf(ThrottlingException.class);
    }

    @Test
    void setsListsAndClearsARegionsPlansOverTheAdminApi() throws Exception {
        URI plan = running.emulator().endpoint().resolve("/emulator/regions/us-west-2/faults/" + MODEL);
        HttpResponse<String> set = admin(HttpRequest.newBuilder(plan).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"error\":\"unavailable\",\"rate\":1.0}")));
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(failure(west.invokeModel(invokeRequest(MODEL, BODY)))).isInstanceOf(ServiceUnavailableException.class);

        HttpResponse<String> listed = admin(HttpRequest.newBuilder(
                running.emulator().endpoint().resolve("/emulator/regions/us-west-2/faults")).GET());
        assertThat(listed.body()).contains("\"region\":\"us-west-2\"").contains(MODEL).contains("unavailable");
        assertThat(running.emulator().faults()).as("no plan outside the region").isEmpty();

        assertThat(admin(HttpRequest.newBuilder(plan).DELETE()).statusCode()).isEqualTo(204);
        assertThat(west.invokeModel(invokeRequest(MODEL, BODY)).join().body().asUtf8String()).contains("generation");
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<String> admin(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BedrockRuntimeAsyncClient client(Region region) {
        return BedrockRuntimeAsyncClient.builder()
                .endpointOverride(running.emulator().endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
