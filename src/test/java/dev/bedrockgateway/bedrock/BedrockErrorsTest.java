package dev.bedrockgateway.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockgateway.core.ErrorKind;
import dev.bedrockgateway.core.GatewayException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockErrorsTest {

    @Test
    void mapsEachBedrockErrorToItsKindKeepingBedrocksMessage() {
        assertMapped(bedrock(ValidationException.builder(), 400, "bad key"), ErrorKind.UPSTREAM_VALIDATION, false);
        assertMapped(bedrock(ThrottlingException.builder(), 429, "slow down"), ErrorKind.THROTTLED, true);
        assertMapped(bedrock(ServiceQuotaExceededException.builder(), 400, "quota"), ErrorKind.THROTTLED, false);
        assertMapped(bedrock(ResourceNotFoundException.builder(), 404, "no model"), ErrorKind.MODEL_NOT_FOUND, false);
        assertMapped(bedrock(AccessDeniedException.builder(), 403, "denied"), ErrorKind.UPSTREAM_ERROR, false);
        assertMapped(bedrock(ModelErrorException.builder(), 424, "model broke"), ErrorKind.UPSTREAM_ERROR, false);
    }

    @Test
    void retriesADroppedConnectionButNotMissingCredentials() {
        SdkClientException dropped = SdkClientException.create("Unable to execute HTTP request",
                new IOException("The connection was closed during the request"));
        SdkClientException noCredentials = SdkClientException.create("Unable to load credentials");

        assertThat(BedrockErrors.map("m", new CompletionException(dropped)).isTransient()).isTrue();
        assertThat(BedrockErrors.map("m", noCredentials).isTransient()).isFalse();
        assertThat(BedrockErrors.map("m", noCredentials).kind()).isEqualTo(ErrorKind.UPSTREAM_ERROR);
    }

    @Test
    void mapsTheSdksTimeLimitToATimeout() {
        GatewayException mapped = BedrockErrors.map("m", ApiCallTimeoutException.create(60_000));

        assertThat(mapped.kind()).isEqualTo(ErrorKind.UPSTREAM_TIMEOUT);
    }

    private static void assertMapped(BedrockRuntimeException error, ErrorKind kind, boolean transientFailure) {
        GatewayException mapped = BedrockErrors.map("meta.llama3-8b-instruct-v1:0", new CompletionException(error));

        assertThat(mapped.kind()).isEqualTo(kind);
        assertThat(mapped.isTransient()).isEqualTo(transientFailure);
        assertThat(mapped.detail()).contains("meta.llama3-8b-instruct-v1:0")
                .contains(error.awsErrorDetails().errorMessage());
    }

    private static BedrockRuntimeException bedrock(BedrockRuntimeException.Builder builder, int status, String message) {
        return (BedrockRuntimeException) builder.statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorMessage(message).errorCode("X").build())
                .build();
    }
}
