package dev.bedrockgateway.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockgateway.BedrockGatewayApplication;
import dev.bedrockgateway.emulator.BedrockEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * The gateway reports itself ready only after its start-up warm-up has sent its requests through its own HTTP
 * port: what a Kubernetes readiness probe sees, over real HTTP, while the warm-up finishes and once it has.
 */
class RequestPathWarmupTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What happened during start-up, in order: readiness changes and the probes' answers during the warm-up. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void readinessRefusesTrafficUntilTheWarmupHasRunThenAcceptsIt() throws Exception {
        try (ConfigurableApplicationContext gateway = start("--gateway.warmup.enabled=true",
                "--gateway.warmup.duration=0s")) {
            assertThat(seen).containsExactly(
                    "warm-up finished, readiness probe 503, liveness probe 200",
                    "readiness ACCEPTING_TRAFFIC");
            assertThat(probe(base(gateway).resolve("/actuator/health/readiness"))).isEqualTo(200);
            WarmupResult result = gateway.getBean(RequestPathWarmup.class).result();
            assertThat(result.requests()).isEqualTo(WarmupCall.COMMON.size());
            assertThat(result.failed()).as("unexpected answers: %s", result.unexpected()).isZero();
        }
    }

    @Test
    void withKeysOnTheWarmupIsLetInByTheProcesssOwnKeyAndNobodyElseIs() throws Exception {
        try (ConfigurableApplicationContext gateway = start("--gateway.warmup.enabled=true",
                "--gateway.warmup.duration=0s", "--gateway.auth.mode=keys")) {
            WarmupResult result = gateway.getBean(RequestPathWarmup.class).result();
            assertThat(result.modelCalls()).isPositive();
            assertThat(result.failed()).as("unexpected answers: %s", result.unexpected()).isZero();
            HttpResponse<String> stranger = HTTP.send(HttpRequest.newBuilder(base(gateway).resolve("/v1/generate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"llama3-8b\",\"prompt\":\"Hi\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(stranger.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void withTheEmulatorBackendTheWarmupCallsModels() throws Exception {
        try (ConfigurableApplicationContext gateway = start("--gateway.warmup.enabled=true",
                "--gateway.warmup.duration=0s")) {
            WarmupResult result = gateway.getBean(RequestPathWarmup.class).result();
            assertThat(result.modelCalls()).isEqualTo(
                    (int) WarmupCall.COMMON.stream().filter(WarmupCall::callsModel).count()).isPositive();
            assertThat(emulatorCalls(gateway)).isPositive();
        }
    }

    @Test
    void withModelCallsNeverNoWarmupRequestReachesTheBackend() throws Exception {
        // what the default (auto) does with real Bedrock, where each model call would be billed
        try (ConfigurableApplicationContext gateway = start("--gateway.warmup.enabled=true",
                "--gateway.warmup.duration=0s", "--gateway.warmup.model-calls=never")) {
            WarmupResult result = gateway.getBean(RequestPathWarmup.class).result();
            assertThat(result.requests()).isPositive();
            assertThat(result.modelCalls()).isZero();
            assertThat(result.failed()).as("unexpected answers: %s", result.unexpected()).isZero();
            assertThat(emulatorCalls(gateway)).isZero();
        }
    }

    @Test
    void turnedOffTheGatewayIsReadyWithoutAWarmup() throws Exception {
        try (ConfigurableApplicationContext gateway = start("--gateway.warmup.enabled=false")) {
            assertThat(seen).containsExactly("readiness ACCEPTING_TRAFFIC");
            assertThat(gateway.getBean(RequestPathWarmup.class).result()).isNull();
        }
    }

    @Test
    void aWarmupLongerThanFiveMinutesStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> start("--gateway.warmup.duration=6m").close())
                .hasStackTraceContaining("gateway.warmup.duration = PT6M");
    }

    private ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of("--gateway.backend=emulator", "--server.port=0",
                "--server.address=127.0.0.1"));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(BedrockGatewayApplication.class)
                .listeners((ApplicationListener<ApplicationEvent>) this::record)
                .run(args.toArray(String[]::new));
    }

    private void record(ApplicationEvent event) {
        if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof ReadinessState state) {
            seen.add("readiness " + state);
        } else if (event instanceof PayloadApplicationEvent<?> payload
                && payload.getPayload() instanceof WarmupResult result) {
            // the warm-up is over but has not returned yet: what does a probe see now?
            seen.add(String.format("warm-up finished, readiness probe %d, liveness probe %d",
                    probe(result.target().resolve("/actuator/health/readiness")),
                    probe(result.target().resolve("/actuator/health/liveness"))));
        }
    }

    private static long emulatorCalls(ConfigurableApplicationContext gateway) {
        return gateway.getBean(BedrockEmulator.class).calls().values().stream().mapToLong(Long::longValue).sum();
    }

    private static URI base(ConfigurableApplicationContext gateway) {
        return URI.create("http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port"));
    }

    private static int probe(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
