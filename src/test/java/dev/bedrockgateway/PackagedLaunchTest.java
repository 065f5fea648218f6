package dev.bedrockgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway knows it runs from its jar (and then asks for API keys by default) by where its classes were loaded
 * from; the jar itself is started in {@code PackagedDefaultsIT}.
 */
class PackagedLaunchTest {

    @TempDir
    Path folder;

    @Test
    void classesInADirectoryAreASourceRun() throws Exception {
        assertThat(BedrockGatewayApplication.isPackaged(at(folder.toUri().toURL()))).isFalse();
        // these tests run on target/classes, as mvn spring-boot:run does
        assertThat(BedrockGatewayApplication.isPackaged(
                BedrockGatewayApplication.class.getProtectionDomain().getCodeSource())).isFalse();
    }

    @Test
    void classesInAJarAreAPackagedRun() throws Exception {
        Path jar = Files.createFile(folder.resolve("bedrock-gateway.jar"));
        // target/gateway (the extracted layout, as the image runs it): a plain jar on the class path
        assertThat(BedrockGatewayApplication.isPackaged(at(jar.toUri().toURL()))).isTrue();
        // java -jar on the single jar: Spring Boot's launcher loads the classes from a nested jar URL
        // (jar:nested:/...jar/!BOOT-INF/classes/!/, whose nested: handler only the launcher registers)
        URL nested = new URL("jar", "", -1, "nested:" + jar + "/!BOOT-INF/classes/!/", new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL url) {
                throw new UnsupportedOperationException("only the launcher reads nested jars");
            }
        });
        assertThat(BedrockGatewayApplication.isPackaged(at(nested))).isTrue();
    }

    @Test
    void anUnknownOriginCountsAsPackagedSoKeysStayOn() {
        assertThat(BedrockGatewayApplication.isPackaged(null)).isTrue();
        assertThat(BedrockGatewayApplication.isPackaged(at(null))).isTrue();
    }

    private static CodeSource at(URL location) {
        return new CodeSource(location, (Certificate[]) null);
    }
}
