package dev.bedrockgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.CompositePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * The one configuration file the gateway reads: {@code gateway.config-file}, else the file named by the environment
 * variable {@code GATEWAY_CONFIG}, else {@code ./config/gateway.yml} when it exists, else the copy built into the jar.
 * Only that file is read, so a user's file replaces the built-in catalog and routes instead of merging into them.
 * Its settings rank above application.yml and below the environment, system properties and arguments, as an
 * imported file's would.
 */
public final class GatewayConfigFile implements EnvironmentPostProcessor, Ordered {

    /** The name of the file's property source in the environment; a reload replaces this one source. */
    public static final String PROPERTY_SOURCE = "gatewayConfigFile";

    static final String FILE_PROPERTY = "gateway.config-file";
    static final String FILE_VARIABLE = "GATEWAY_CONFIG";
    static final Path WORKING_DIRECTORY_FILE = Path.of("config", "gateway.yml");
    static final String BUILT_IN = "gateway.yml";

    /** After Spring has read application.yml and its profiles, whose settings this file outranks. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Resource file = locate(environment);
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> settings = parse(file, read(file));
        String highestConfigData = sources.stream().map(PropertySource::getName)
                .filter(name -> name.startsWith("Config resource")).findFirst().orElse(null);
        if (highestConfigData != null) {
            sources.addBefore(highestConfigData, settings);
        } else {
            sources.addLast(settings);
        }
    }

    /** Which file the gateway reads, by the order in the class comment. */
    public static Resource locate(Environment environment) {
        String named = environment.getProperty(FILE_PROPERTY);
        if (named == null || named.isBlank()) {
            named = environment.getProperty(FILE_VARIABLE);
        }
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named.strip());
            if (!Files.isReadable(path)) {
                throw new InvalidConfigurationException(FILE_PROPERTY, named, "no readable file at "
                        + path.toAbsolutePath());
            }
            return new FileSystemResource(path);
        }
        if (Files.isReadable(WORKING_DIRECTORY_FILE)) {
            return new FileSystemResource(WORKING_DIRECTORY_FILE);
        }
        return new ClassPathResource(BUILT_IN);
    }

    /** The file's bytes, read once so that what is hashed is what is parsed. */
    public static byte[] read(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InvalidConfigurationException(FILE_PROPERTY, file.getDescription(),
                    "cannot be read: " + e.getMessage());
        }
    }

    /** The file's settings as one property source named {@link #PROPERTY_SOURCE}. */
    public static PropertySource<?> parse(Resource file, byte[] content) {
        List<PropertySource<?>> documents;
        try {
            documents = new YamlPropertySourceLoader().load(file.getDescription(), new ByteArrayResource(content));
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(FILE_PROPERTY, file.getDescription(),
                    "is not valid YAML: " + e.getMessage());
        }
        CompositePropertySource settings = new CompositePropertySource(PROPERTY_SOURCE);
        documents.forEach(settings::addPropertySource);
        return settings;
    }

    /** A short fingerprint of the file's content, to see whether it changed. */
    public static String hash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
