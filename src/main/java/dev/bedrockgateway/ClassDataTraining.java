package dev.bedrockgateway;

import dev.bedrockgateway.emulator.BedrockEmulator;
import dev.bedrockgateway.emulator.EmulatorSettings;
import dev.bedrockgateway.warmup.RequestPathWarmup;
import dev.bedrockgateway.warmup.WarmupResult;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The training run behind the gateway's class-data-sharing archive: starts the gateway the way it runs in
 * production (backend {@code bedrock}, here pointed at a Bedrock emulator on a free loopback port), lets its start-up
 * warm-up ({@link RequestPathWarmup}) send the common requests, model calls included (the emulator costs nothing),
 * and stops. Run under {@code -XX:ArchiveClassesAtExit=FILE}, the JVM then writes every class those requests needed
 * into FILE, and a gateway started with {@code -XX:SharedArchiveFile=FILE} maps them instead of loading and
 * verifying them again. {@code mvn package} runs it (see the pom and the README, "Run the packaged gateway"); the
 * Dockerfile runs it in the runtime image, because an archive only fits the JVM that wrote it. Run under JDK 25's
 * {@code -XX:AOTCacheOutput=FILE} with a longer warm-up (the first argument, e.g. {@code 30s}), it also records the
 * method profiles of the request path (bench/run.sh --aot, README "Performance").
 *
 * <p>Exits 0 when every request was answered as expected, 1 otherwise (the archive is still written, but a
 * training run that failed half-way would leave classes out, so the build treats it as an error).
 */
public final class ClassDataTraining {

    /** One round of every request: every class they need is loaded, which is all an archive of classes needs. */
    private static final String ONE_ROUND = "0s";

    private ClassDataTraining() {
    }

    /** Optional argument: how long the warm-up goes on after its first round (gateway.warmup.duration). */
    public static void main(String[] args) {
        int status = run(args.length > 0 ? args[0] : ONE_ROUND) ? 0 : 1;
        System.exit(status);
    }

    private static boolean run(String warmupDuration) {
        BedrockEmulator emulator = new BedrockEmulator(EmulatorSettings.defaults().withHost("127.0.0.1")).start();
        // the Bedrock client signs requests; the emulator accepts any key, and nothing here reaches AWS
        System.setProperty("aws.accessKeyId", "class-data-training");
        System.setProperty("aws.secretAccessKey", "class-data-training");
        try (ConfigurableApplicationContext gateway = BedrockGatewayApplication.start(new String[] {
                "--server.port=0", "--server.address=127.0.0.1",
                "--gateway.backend=bedrock", "--gateway.bedrock.region=us-east-1",
                "--gateway.bedrock.endpoint=" + emulator.endpoint(),
                "--gateway.warmup.enabled=true", "--gateway.warmup.model-calls=always",
                "--gateway.warmup.duration=" + warmupDuration,
                // with API keys on, as the packaged gateway runs by default, so the identity, limits and ledger
                // steps' classes are archived too; keys in memory stand in for PostgreSQL (nothing here needs one)
                "--gateway.auth.mode=keys", "--gateway.auth.require-key-store=false",
                // (whose start-up warnings about keys in memory and no admin key do not apply to a training run)
                "--logging.level.dev.bedrockgateway.access=ERROR",
                // the build's output shows warnings and this run's own lines, not the start-up's
                "--logging.threshold.console=WARN"})) {
            WarmupResult warmup = gateway.getBean(RequestPathWarmup.class).result();
            if (warmup == null) {
                System.err.println("class-data training: the gateway ran no warm-up");
                return false;
            }
            System.out.printf("class-data training: %d requests, %d answered as expected%n",
                    warmup.requests(), warmup.requests() - warmup.failed());
            warmup.unexpected().forEach(problem -> System.err.println("class-data training: " + problem));
            if (warmup.failed() > 0) {
                // whether the emulator has finished sending (no open call) tells a stream stuck in the gateway's
                // client from one the emulator never ended
                System.err.printf("class-data training: the emulator has %d calls open; calls by model %s, streams "
                        + "cancelled %s%n", emulator.openCalls(), emulator.calls(), emulator.cancelledStreams());
                printThreads();
            }
            return warmup.failed() == 0;
        } finally {
            emulator.stop();
        }
    }

    /** Where every thread is, for a run that failed: a call that got no whole answer is still stuck somewhere. */
    private static void printThreads() {
        System.err.println("class-data training: the threads, after the failure:");
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            System.err.printf("\"%s\" %s%n", thread.getName(), thread.getState());
            for (StackTraceElement frame : frames) {
                System.err.println("    at " + frame);
            }
        });
    }
}
