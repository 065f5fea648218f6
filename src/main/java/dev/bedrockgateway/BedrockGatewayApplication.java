package dev.bedrockgateway;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
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

    /**
     * What the packaged jar (and the image, which runs it) assumes unless told otherwise: callers need an API key,
     * and keys need a store every replica shares, so a gateway deployed without one refuses to start instead of
     * letting anyone who reaches its port spend. From source ({@code mvn spring-boot:run}) auth stays off, with a
     * warning. The lowest-ranked settings: any file, variable or argument that sets them wins.
     */
    static final Map<String, Object> PACKAGED_DEFAULTS = Map.of(
            "gateway.auth.mode", "keys",
            "gateway.auth.require-key-store", "true");

    /** Starts the gateway and returns its context (also used by {@link ClassDataTraining}). */
    static ConfigurableApplicationContext start(String[] args) {
        oneEventLoopPerCore();
        SpringApplication application = new SpringApplication(BedrockGatewayApplication.class);
        if (isPackaged(BedrockGatewayApplication.class.getProtectionDomain().getCodeSource())) {
            application.setDefaultProperties(PACKAGED_DEFAULTS);
        }
        return application.run(args);
    }

    /**
     * Whether the gateway's classes come from a jar (java -jar on the packaged jar, nested or extracted, and the
     * image) rather than from a directory of compiled classes (mvn spring-boot:run, an IDE, the tests).
     */
    static boolean isPackaged(CodeSource source) {
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            return true;
        }
        try {
            return !Files.isDirectory(Path.of(location.toURI()));
        } catch (URISyntaxException | IllegalArgumentException unreadable) {
            return true;
        }
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
