package dev.bedrockgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the gateway. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BedrockGatewayApplication {

    /** Reactor Netty's setting for the number of the server's event-loop threads. */
    static final String IO_WORKER_COUNT = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the gateway and returns its context (also used by {@link ClassDataTraining}). */
    static ConfigurableApplicationContext start(String[] args) {
        oneEventLoopPerCore();
        return SpringApplication.run(BedrockGatewayApplication.class, args);
    }

    /**
     * Reactor Netty starts at least four event loops; on a machine with fewer cores the extra threads only take
     * turns on the same cores (measured in bench/). Nothing on them blocks, so one per core is enough, unless
     * {@value #IO_WORKER_COUNT} is set. Called before Reactor Netty reads the setting (also by bench/reference).
     */
    public static void oneEventLoopPerCore() {
        if (System.getProperty(IO_WORKER_COUNT) == null) {
            System.setProperty(IO_WORKER_COUNT, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}
