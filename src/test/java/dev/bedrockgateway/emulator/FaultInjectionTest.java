package dev.bedrockgateway.emulator;

import static dev.bedrockgateway.emulator.SdkClients.failure;
import static dev.bedrockgateway.emulator.SdkClients.invokeRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** Injected faults reach the real AWS SDK as the exception class and status Bedrock would cause. */
class FaultInjectionTest {

    static final String MODEL = BedrockEmulatorSdkTest.LLAMA;
    static final String BODY = "{\"prompt\":\"hi\"}";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    static BedrockRuntimeException failedCall(String modelId) {
        return failure(running.client().invokeModel(invokeRequest(modelId, BODY)));
    }

    @Test
    void throttlingBecomesThrottlingException() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.THROTTLING));
        BedrockRuntimeException e = failedCall(MODEL);
        assertThat(e).isInstanceOf(ThrottlingException.class);
        assertThat(e.statusCode()).isEqualTo(429);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Too many requests, please wait before trying again.");
        assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("X-Emulator-Fault")).contains("throttling");
    }

    @Test
    void unavailableBecomesServiceUnavailableException() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.UNAVAILABLE));
        BedrockRuntimeException e = failedCall(MODEL);
        assertThat(e).isInstanceOf(ServiceUnavailableException.class);
        assertThat(e.statusCode()).isEqualTo(503);
    }

    @Test
    void internalBecomesInternalServerException() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.INTERNAL));
        BedrockRuntimeException e = failedCall(MODEL);
        assertThat(e).isInstanceOf(InternalServerException.class);
        assertThat(e.statusCode()).isEqualTo(500);
    }

    @Test
    void timeoutBecomesModelTimeoutException() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.TIMEOUT));
        BedrockRuntimeException e = failedCall(MODEL);
        assertThat(e).isInstanceOf(ModelTimeoutException.class);
        assertThat(e.statusCode()).isEqualTo(408);
    }

    @Test
    void everyOtherKindMapsToItsSdkException() {
        record Expected(FaultKind kind, Class<? extends BedrockRuntimeException> type, int status) {
        }
        List<Expected> table = List.of(
                new Expected(FaultKind.MODEL_ERROR, ModelErrorException.class, 424),
                new Expected(FaultKind.MODEL_NOT_READY, ModelNotReadyException.class, 429),
                new Expected(FaultKind.ACCESS_DENIED, AccessDeniedException.class, 403),
                new Expected(FaultKind.NOT_FOUND, ResourceNotFoundException.class, 404),
                new Expected(FaultKind.OUTAGE, ServiceUnavailableException.class, 503));
        for (Expected expected : table) {
            running.emulator().setFault(MODEL, FaultPlan.of(expected.kind()));
            BedrockRuntimeException e = failedCall(MODEL);
            assertThat(e).as(expected.kind().name()).isInstanceOf(expected.type());
            assertThat(e.statusCode()).as(expected.kind().name()).isEqualTo(expected.status());
        }
    }

    @Test
    void halfRateFailsExactlyEverySecondCall() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.THROTTLING).withRate(0.5));
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            failed.add(running.client().invokeModel(invokeRequest(MODEL, BODY)).handle((ok, error) -> error != null).join());
        }
        assertThat(failed).containsExactly(false, true, false, true, false, true, false, true, false, true);
        assertThat(running.emulator().calls(MODEL)).isEqualTo(10);
    }

    @Test
    void outageFailsEveryCallWhateverTheRate() {
        running.emulator().setFault(MODEL, new FaultPlan(FaultKind.OUTAGE, 0.1, Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            assertThat(failedCall(MODEL)).isInstanceOf(ServiceUnavailableException.class);
        }
    }

    @Test
    void wildcardPlanAppliesToModelsWithoutTheirOwn() {
        running.emulator().setFault(FaultInjector.ALL_MODELS, FaultPlan.of(FaultKind.THROTTLING));
        running.emulator().setFault(BedrockEmulatorSdkTest.MISTRAL, FaultPlan.latencyOnly(Duration.ZERO));

        assertThat(failedCall(MODEL)).isInstanceOf(ThrottlingException.class);
        assertThat(running.client().invokeModel(invokeRequest(BedrockEmulatorSdkTest.MISTRAL, BODY)).join().body().asUtf8String())
                .contains("outputs");
    }

    @Test
    void planForThePlainIdAppliesToItsInferenceProfile() {
        running.emulator().setFault(BedrockEmulatorSdkTest.CLAUDE, FaultPlan.of(FaultKind.UNAVAILABLE));
        assertThat(failedCall("us." + BedrockEmulatorSdkTest.CLAUDE)).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void addedLatencyDelaysTheAnswer() {
        running.emulator().setFault(MODEL, FaultPlan.latencyOnly(Duration.ofMillis(150)));
        long started = System.nanoTime();
        var response = running.client().invokeModel(invokeRequest(MODEL, BODY)).join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(Long.parseLong(SdkClients.header(response, "X-Amzn-Bedrock-Invocation-Latency"))).isGreaterThanOrEqualTo(150);
    }

    @Test
    void clearingFaultsRestoresAnswers() {
        running.emulator().setFault(MODEL, FaultPlan.of(FaultKind.THROTTLING));
        running.emulator().clearFault(MODEL);
        assertThat(running.client().invokeModel(invokeRequest(MODEL, BODY)).join().body().asUtf8String()).contains("generation");
    }
}
