package dev.bedrockgateway.emulator;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the Bedrock emulator on its own, without the gateway:
 * {@code java -cp gateway.jar dev.bedrockgateway.emulator.EmulatorMain --port=4010 --host=127.0.0.1}.
 * It prints its endpoint and stops on SIGTERM or Ctrl-C.
 */
public final class EmulatorMain {

    /** A fixed, memorable port for a standalone emulator that other tools are pointed at by hand. */
    static final int DEFAULT_STANDALONE_PORT = 4010;

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorSettings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: EmulatorMain [--port=4010] [--host=127.0.0.1]");
            System.exit(2);
            return;
        }
        BedrockEmulator emulator = new BedrockEmulator(settings).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.stop();
            stopped.countDown();
        }, "bedrock-emulator-shutdown"));
        System.out.println("Bedrock emulator listening at " + emulator.endpoint()
                + " (answers are synthetic; admin API at " + emulator.endpoint() + "/emulator/health)");
        // Netty's threads are daemons: keep the JVM alive until the shutdown hook has run
        stopped.await();
    }

    static EmulatorSettings parse(String[] args) {
        EmulatorSettings settings = EmulatorSettings.defaults().withPort(DEFAULT_STANDALONE_PORT);
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                try {
                    settings = settings.withPort(Integer.parseInt(arg.substring("--port=".length())));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--port must be a number, got " + arg);
                }
            } else if (arg.startsWith("--host=")) {
                settings = settings.withHost(arg.substring("--host=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return settings;
    }
}
